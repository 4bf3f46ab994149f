# ci-prod-payments-api-verify (payments-api/verify)
path "kubernetes-aks-prod/creds/ci-payments-api-verify" {
  capabilities = ["update"]
}
