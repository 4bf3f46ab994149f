# ci-staging-payments-api-deploy (payments-api/deploy)
path "kubernetes-aks-staging/creds/ci-payments-api-deploy" {
  capabilities = ["update"]
}
path "kv-staging/data/payments/api" {
  capabilities = ["read"]
}
