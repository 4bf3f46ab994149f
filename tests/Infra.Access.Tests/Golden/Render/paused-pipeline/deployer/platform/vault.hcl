# deployer of test: exact paths of the objects it registers, no glob.
# access-deployer-test (environment)
path "sys/policies/acl/ci-test-search-deploy" {
  capabilities = ["create", "delete", "read", "update"]
}
