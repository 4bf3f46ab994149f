# ci-prod-web-smoke (web/smoke)
path "kubernetes-test/creds/ci-web-smoke" {
  capabilities = ["update"]
}
