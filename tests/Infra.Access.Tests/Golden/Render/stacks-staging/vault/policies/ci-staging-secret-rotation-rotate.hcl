# ci-staging-secret-rotation-rotate (secret-rotation/rotate)
path "kv-staging/data/ledger/migrator" {
  capabilities = ["create", "read", "update"]
}
path "kv-staging/data/payments/api" {
  capabilities = ["create", "read", "update"]
}
