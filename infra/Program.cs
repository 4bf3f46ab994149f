using Pulumi;

return await Deployment.RunAsync(() => new Dictionary<string, object?>()).ConfigureAwait(false);
