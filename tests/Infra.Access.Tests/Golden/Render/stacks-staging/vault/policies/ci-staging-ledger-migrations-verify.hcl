# ci-staging-ledger-migrations-verify (ledger-migrations/verify)
path "kubernetes-aks-staging/creds/ci-ledger-migrations-verify" {
  capabilities = ["update"]
}
