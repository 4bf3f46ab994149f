# ci-long-environment-name-customer-notification-prefere-42060d74 (customer-notification-preferences-syncer/deploy-with-canaries)
path "kubernetes-test/creds/ci-customer-notification-preferences-syncer-deploy-wit-8511b251" {
  capabilities = ["update"]
}
path "kv-test/data/notifications/preferences" {
  capabilities = ["read"]
}
