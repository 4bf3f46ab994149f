# ci-prod-secret-rotation-rotate (secret-rotation/rotate)
path "kv-prod/data/ledger/migrator" {
  capabilities = ["create", "read", "update"]
}
path "kv-prod/data/payments/api" {
  capabilities = ["create", "read", "update"]
}
