# ci-prod-ledger-migrations-verify (ledger-migrations/verify)
path "kubernetes-aks-prod/creds/ci-ledger-migrations-verify" {
  capabilities = ["update"]
}
