# ci-prod-payments-api-deploy (payments-api/deploy)
path "kubernetes-aks-prod/creds/ci-payments-api-deploy" {
  capabilities = ["update"]
}
path "kv-prod/data/payments/api" {
  capabilities = ["read"]
}
