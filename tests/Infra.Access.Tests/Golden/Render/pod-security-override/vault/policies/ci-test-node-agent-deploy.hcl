# ci-test-node-agent-deploy (node-agent/deploy)
path "kubernetes-test/creds/ci-node-agent-deploy" {
  capabilities = ["update"]
}
