# ci-long-environment-name-customer-notification-prefere-4af1c0e2 (customer-notification-preferences-syncer/verify)
path "kubernetes-test/creds/ci-customer-notification-preferences-syncer-verify" {
  capabilities = ["update"]
}
