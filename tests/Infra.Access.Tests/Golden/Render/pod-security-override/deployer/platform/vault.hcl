# deployer of test: exact paths of the objects it registers, no glob.
# access-deployer-test (environment)
path "auth/jwt-ci/role/ci-web-deploy" {
  capabilities = ["create", "delete", "read", "update"]
}
path "auth/jwt-ci/role/ci-web-verify" {
  capabilities = ["create", "delete", "read", "update"]
}
path "kubernetes-test/roles/ci-web-deploy" {
  capabilities = ["create", "delete", "read", "update"]
}
path "kubernetes-test/roles/ci-web-verify" {
  capabilities = ["create", "delete", "read", "update"]
}
path "sys/policies/acl/ci-test-node-agent-deploy" {
  capabilities = ["create", "delete", "read", "update"]
}
path "sys/policies/acl/ci-test-web-deploy" {
  capabilities = ["create", "delete", "read", "update"]
}
path "sys/policies/acl/ci-test-web-verify" {
  capabilities = ["create", "delete", "read", "update"]
}
