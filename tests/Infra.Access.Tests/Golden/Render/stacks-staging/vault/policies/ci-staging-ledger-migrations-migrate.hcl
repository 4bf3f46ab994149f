# ci-staging-ledger-migrations-migrate (ledger-migrations/migrate)
path "kubernetes-aks-staging/creds/ci-ledger-migrations-migrate" {
  capabilities = ["update"]
}
path "kv-staging/data/ledger/migrator" {
  capabilities = ["read"]
}
