using System.CommandLine;
using System.Globalization;

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

    public static Option<string> Today(string description) => new("--today")
    {
        Description = description + " (YYYY-MM-DD); defaults to today's UTC date. Pin it for reproducible output.",
    };

    /// <summary>The date of <paramref name="option"/>, or today's; false (after printing why) when it is not a date.</summary>
    public static bool TryToday(ParseResult result, Option<string> option, CliContext context, out DateOnly date)
    {
        date = context.Today;
        if (result.GetValue(option) is { } text && !DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
        {
            context.Fail($"--today: '{text}' is not a date written as YYYY-MM-DD");
            return false;
        }

        return true;
    }
}
