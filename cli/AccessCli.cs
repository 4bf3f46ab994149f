using System.CommandLine;
using Infra.Access.Cli.Commands;

namespace Infra.Access.Cli;

/// <summary>The <c>access</c> command line, runnable in-process by tests.</summary>
internal static class AccessCli
{
    public static RootCommand Build(CliContext context) => new("Least-privilege CI/CD access: check, plan and render environment definitions offline.")
    {
        CheckCommand.Create(context),
        PlanCommand.Create(context),
        RenderCommand.Create(context),
        SchemaCommand.Create(context),
        CapabilitiesCommand.Create(context),
        RulesCommand.Create(context),
        DiffCommand.Create(context),
        WhoCanCommand.Create(context),
        ExplainCommand.Create(context),
        GenerateCommand.Create(context),
        BenchCommand.Create(context),
        UsageCommand.Create(context),
        UsageBenchCommand.Create(context),
    };

    public static int Run(string[] args, CliContext context)
    {
        var parsed = Build(context).Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                context.Fail(error.Message);
            }

            context.Error.Write("Run 'access --help' for usage.\n");
            return ExitCodes.InvalidInput;
        }

        try
        {
            return parsed.Invoke(new InvocationConfiguration { Output = context.Out, Error = context.Error, EnableDefaultExceptionHandler = false });
        }
        catch (Exception e) when (context.Variable("ACCESS_DEBUG") is not "1")
        {
            // Every user error has its own message and exit 2; whatever reaches here is a bug, and a
            // hostile input must not turn it into a stack trace (or into any verdict a pipeline reads).
            context.Fail($"internal error: {e.GetType().Name}: {e.Message} (a bug in access, please report it; ACCESS_DEBUG=1 shows the stack trace)");
            return ExitCodes.InternalError;
        }
    }
}
