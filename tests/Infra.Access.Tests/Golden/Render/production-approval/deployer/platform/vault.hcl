# deployer of prod: exact paths of the objects it registers, no glob.
# access-deployer-prod (environment)
path "auth/jwt-ci/role/ci-web-deploy" {
  capabilities = ["create", "delete", "read", "update"]
}
path "auth/jwt-ci/role/ci-web-smoke" {
  capabilities = ["create", "delete", "read", "update"]
}
path "auth/jwt-ci/role/ci-web-verify" {
  capabilities = ["create", "delete", "read", "update"]
}
path "kubernetes-test/roles/ci-web-deploy" {
  capabilities = ["create", "delete", "read", "update"]
}
path "kubernetes-test/roles/ci-web-smoke" {
  capabilities = ["create", "delete", "read", "update"]
}
path "kubernetes-test/roles/ci-web-verify" {
  capabilities = ["create", "delete", "read", "update"]
}
path "sys/audit" {
  capabilities = ["read", "sudo"]
}
path "sys/audit/file-primary" {
  capabilities = ["create", "read", "sudo", "update"]
}
path "sys/audit/socket-siem" {
  capabilities = ["create", "read", "sudo", "update"]
}
path "sys/policies/acl/ci-prod-web-deploy" {
  capabilities = ["create", "delete", "read", "update"]
}
path "sys/policies/acl/ci-prod-web-smoke" {
  capabilities = ["create", "delete", "read", "update"]
}
path "sys/policies/acl/ci-prod-web-verify" {
  capabilities = ["create", "delete", "read", "update"]
}
