# deployer of test: exact paths of the objects it registers, no glob.
# access-deployer-test (environment)
path "auth/jwt-ci/role/ci-shop-release" {
  capabilities = ["create", "delete", "read", "update"]
}
path "kubernetes-test/roles/ci-shop-release" {
  capabilities = ["create", "delete", "read", "update"]
}
path "sys/policies/acl/ci-test-shop-release" {
  capabilities = ["create", "delete", "read", "update"]
}
