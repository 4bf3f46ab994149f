# deployer of prod: exact paths of the objects it registers, no glob.
# access-deployer-prod (environment)
path "auth/jwt-ci-prod/role/ci-ledger-migrations-migrate" {
  capabilities = ["create", "delete", "read", "update"]
}
path "auth/jwt-ci-prod/role/ci-ledger-migrations-verify" {
  capabilities = ["create", "delete", "read", "update"]
}
path "auth/jwt-ci-prod/role/ci-orders-worker-configure" {
  capabilities = ["create", "delete", "read", "update"]
}
path "auth/jwt-ci-prod/role/ci-orders-worker-deploy" {
  capabilities = ["create", "delete", "read", "update"]
}
path "auth/jwt-ci-prod/role/ci-payments-api-deploy" {
  capabilities = ["create", "delete", "read", "update"]
}
path "auth/jwt-ci-prod/role/ci-payments-api-verify" {
  capabilities = ["create", "delete", "read", "update"]
}
path "auth/jwt-ci-prod/role/ci-secret-rotation-rotate" {
  capabilities = ["create", "delete", "read", "update"]
}
path "kubernetes-aks-prod/roles/ci-ledger-migrations-migrate" {
  capabilities = ["create", "delete", "read", "update"]
}
path "kubernetes-aks-prod/roles/ci-ledger-migrations-verify" {
  capabilities = ["create", "delete", "read", "update"]
}
path "kubernetes-aks-prod/roles/ci-orders-worker-configure" {
  capabilities = ["create", "delete", "read", "update"]
}
path "kubernetes-aks-prod/roles/ci-orders-worker-deploy" {
  capabilities = ["create", "delete", "read", "update"]
}
path "kubernetes-aks-prod/roles/ci-payments-api-deploy" {
  capabilities = ["create", "delete", "read", "update"]
}
path "kubernetes-aks-prod/roles/ci-payments-api-verify" {
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
path "sys/policies/acl/ci-prod-ledger-migrations-migrate" {
  capabilities = ["create", "delete", "read", "update"]
}
path "sys/policies/acl/ci-prod-ledger-migrations-verify" {
  capabilities = ["create", "delete", "read", "update"]
}
path "sys/policies/acl/ci-prod-orders-worker-configure" {
  capabilities = ["create", "delete", "read", "update"]
}
path "sys/policies/acl/ci-prod-orders-worker-deploy" {
  capabilities = ["create", "delete", "read", "update"]
}
path "sys/policies/acl/ci-prod-payments-api-deploy" {
  capabilities = ["create", "delete", "read", "update"]
}
path "sys/policies/acl/ci-prod-payments-api-verify" {
  capabilities = ["create", "delete", "read", "update"]
}
path "sys/policies/acl/ci-prod-search-indexer-deploy" {
  capabilities = ["create", "delete", "read", "update"]
}
path "sys/policies/acl/ci-prod-secret-rotation-rotate" {
  capabilities = ["create", "delete", "read", "update"]
}
