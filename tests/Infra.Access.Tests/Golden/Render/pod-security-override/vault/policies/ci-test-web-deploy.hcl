# ci-test-web-deploy (web/deploy)
path "kubernetes-test/creds/ci-web-deploy" {
  capabilities = ["update"]
}
