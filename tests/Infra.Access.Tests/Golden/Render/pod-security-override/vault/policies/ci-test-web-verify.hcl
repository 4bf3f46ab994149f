# ci-test-web-verify (web/verify)
path "kubernetes-test/creds/ci-web-verify" {
  capabilities = ["update"]
}
