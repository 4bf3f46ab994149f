using System.Globalization;
using Infra.Access.Cli;

// Output must not depend on the machine's culture (tr-TR would change casing and numbers).
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.DefaultThreadCurrentUICulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;

using var stdout = new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = false, NewLine = "\n" };
using var stderr = new StreamWriter(Console.OpenStandardError()) { AutoFlush = true, NewLine = "\n" };
var exit = AccessCli.Run(args, new CliContext(stdout, stderr, DateOnly.FromDateTime(DateTime.UtcNow), Environment.GetEnvironmentVariable));
stdout.Flush();
return exit;
