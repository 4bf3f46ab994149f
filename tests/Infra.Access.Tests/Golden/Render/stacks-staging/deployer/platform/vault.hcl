# deployer of staging: exact paths of the objects it registers, no glob.
# access-deployer-staging (environment)
path "auth/jwt-ci-staging/role/ci-ledger-migrations-migrate" {
  capabilities = ["create", "delete", "read", "update"]
}
path "auth/jwt-ci-staging/role/ci-ledger-migrations-verify" {
  capabilities = ["create", "delete", "read", "update"]
}
path "auth/jwt-ci-staging/role/ci-orders-worker-configure" {
  capabilities = ["create", "delete", "read", "update"]
}
path "auth/jwt-ci-staging/role/ci-orders-worker-deploy" {
  capabilities = ["create", "delete", "read", "update"]
}
path "auth/jwt-ci-staging/role/ci-payments-api-deploy" {
  capabilities = ["create", "delete", "read", "update"]
}
path "auth/jwt-ci-staging/role/ci-payments-api-verify" {
  capabilities = ["create", "delete", "read", "update"]
}
path "auth/jwt-ci-staging/role/ci-secret-rotation-rotate" {
  capabilities = ["create", "delete", "read", "update"]
}
path "kubernetes-aks-staging/roles/ci-ledger-migrations-migrate" {
  capabilities = ["create", "delete", "read", "update"]
}
path "kubernetes-aks-staging/roles/ci-ledger-migrations-verify" {
  capabilities = ["create", "delete", "read", "update"]
}
path "kubernetes-aks-staging/roles/ci-orders-worker-configure" {
  capabilities = ["create", "delete", "read", "update"]
}
path "kubernetes-aks-staging/roles/ci-orders-worker-deploy" {
  capabilities = ["create", "delete", "read", "update"]
}
path "kubernetes-aks-staging/roles/ci-payments-api-deploy" {
  capabilities = ["create", "delete", "read", "update"]
}
path "kubernetes-aks-staging/roles/ci-payments-api-verify" {
  capabilities = ["create", "delete", "read", "update"]
}
path "sys/audit" {
  capabilities = ["read", "sudo"]
}
path "sys/audit/file-primary" {
  capabilities = ["create", "read", "sudo", "update"]
}
path "sys/policies/acl/ci-staging-ledger-migrations-migrate" {
  capabilities = ["create", "delete", "read", "update"]
}
path "sys/policies/acl/ci-staging-ledger-migrations-verify" {
  capabilities = ["create", "delete", "read", "update"]
}
path "sys/policies/acl/ci-staging-orders-worker-configure" {
  capabilities = ["create", "delete", "read", "update"]
}
path "sys/policies/acl/ci-staging-orders-worker-deploy" {
  capabilities = ["create", "delete", "read", "update"]
}
path "sys/policies/acl/ci-staging-payments-api-deploy" {
  capabilities = ["create", "delete", "read", "update"]
}
path "sys/policies/acl/ci-staging-payments-api-verify" {
  capabilities = ["create", "delete", "read", "update"]
}
path "sys/policies/acl/ci-staging-search-indexer-deploy" {
  capabilities = ["create", "delete", "read", "update"]
}
path "sys/policies/acl/ci-staging-secret-rotation-rotate" {
  capabilities = ["create", "delete", "read", "update"]
}
