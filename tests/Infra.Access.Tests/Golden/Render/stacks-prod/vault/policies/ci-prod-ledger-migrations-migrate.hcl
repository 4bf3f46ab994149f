# ci-prod-ledger-migrations-migrate (ledger-migrations/migrate)
path "kubernetes-aks-prod/creds/ci-ledger-migrations-migrate" {
  capabilities = ["update"]
}
path "kv-prod/data/ledger/migrator" {
  capabilities = ["read"]
}
