using Infra;
using Pulumi;

return await Deployment.RunAsync<AccessStack>().ConfigureAwait(false);
