# ci-test-api-deploy (api/deploy)
path "kubernetes-test/creds/ci-api-deploy" {
  capabilities = ["update"]
}
