# deployer of test: exact paths of the objects it registers, no glob.
# access-deployer-test (environment)
path "auth/jwt-ci/role/ci-api-deploy" {
  capabilities = ["create", "delete", "read", "update"]
}
path "kubernetes-test/roles/ci-api-deploy" {
  capabilities = ["create", "delete", "read", "update"]
}
path "sys/policies/acl/ci-test-api-deploy" {
  capabilities = ["create", "delete", "read", "update"]
}
