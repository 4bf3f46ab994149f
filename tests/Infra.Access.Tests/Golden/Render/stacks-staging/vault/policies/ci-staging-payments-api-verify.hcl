# ci-staging-payments-api-verify (payments-api/verify)
path "kubernetes-aks-staging/creds/ci-payments-api-verify" {
  capabilities = ["update"]
}
