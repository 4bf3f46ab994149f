# deployer of long-environment-name: exact paths of the objects it registers, no glob.
# access-deployer-long-environment-name (environment)
path "auth/jwt-ci/role/ci-customer-notification-preferences-syncer-deploy-wit-8511b251" {
  capabilities = ["create", "delete", "read", "update"]
}
path "auth/jwt-ci/role/ci-customer-notification-preferences-syncer-verify" {
  capabilities = ["create", "delete", "read", "update"]
}
path "kubernetes-test/roles/ci-customer-notification-preferences-syncer-deploy-wit-8511b251" {
  capabilities = ["create", "delete", "read", "update"]
}
path "kubernetes-test/roles/ci-customer-notification-preferences-syncer-verify" {
  capabilities = ["create", "delete", "read", "update"]
}
path "sys/policies/acl/ci-long-environment-name-customer-notification-prefere-42060d74" {
  capabilities = ["create", "delete", "read", "update"]
}
path "sys/policies/acl/ci-long-environment-name-customer-notification-prefere-4af1c0e2" {
  capabilities = ["create", "delete", "read", "update"]
}
