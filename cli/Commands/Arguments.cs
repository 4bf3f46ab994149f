using System.CommandLine;

namespace Infra.Access.Cli.Commands;

/// <summary>Arguments and options several commands share, so they read and behave the same.</summary>
internal static class Arguments
{
    public static Argument<string> Definition() => new("definition")
    {
        Description = "Path of an environment definition, e.g. stacks/staging.yaml.",
    };

    public static Argument<string[]> Definitions() => new("definitions")
    {
        Description = "Paths of environment definitions, e.g. stacks/*.yaml.",
        Arity = ArgumentArity.OneOrMore,
    };

    public static Option<string> Format(string description, params string[] values)
    {
        var option = new Option<string>("--format", "-f")
        {
            Description = description,
            DefaultValueFactory = _ => values[0],
        };
        option.AcceptOnlyFromAmong(values);
        return option;
    }
}
