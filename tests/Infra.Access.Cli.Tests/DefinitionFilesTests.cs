using System.Text;
using Infra.Access.Loading;

namespace Infra.Access.Cli.Tests;

/// <summary>The CLI reads bytes: invalid UTF-8 and oversized files are refused with a position, a BOM is fine.</summary>
public sealed class DefinitionFilesTests
{
    private const string Text = "environment:\n  name: staging\n  tier: non-production\n";

    [Theory]
    [InlineData(new byte[] { 0xFF }, 2, 9, 21)]
    [InlineData(new byte[] { 0xC3, 0x28 }, 2, 9, 21)]
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 }, 2, 9, 21)]
    public void FromBytes_WhenTheFileIsNotValidUtf8_ShouldGiveTheLineColumnAndByteOffset(byte[] invalid, int line, int column, int offset)
    {
        var bytes = Insert(Encoding.UTF8.GetBytes(Text), "  name: ".Length + "environment:\n".Length, invalid);

        var result = DefinitionFiles.FromBytes(bytes, "stacks/x.yaml", LoadLimits.Default);

        var error = Assert.Single(result.Errors);
        Assert.Equal($"stacks/x.yaml:{line}:{column}: error: the file is not valid UTF-8 (byte offset {offset})", error.ToString());
    }

    [Fact]
    public void FromBytes_WhenTheFileStartsWithAByteOrderMark_ShouldReadPastIt()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(Text)).ToArray();

        var result = DefinitionFiles.FromBytes(bytes, "stacks/x.yaml", LoadLimits.Default);

        // The sample lacks most of the environment: what matters is that the first error is not about encoding.
        Assert.DoesNotContain(result.Errors, e => e.Message.Contains("UTF-8", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.Field == "environment.cluster");
    }

    [Fact]
    public void Load_WhenTheFileIsLargerThanTheLimit_ShouldRefuseItBeforeReading()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, Text);

            var result = DefinitionFiles.Load(path, LoadLimits.Default with { MaxCharacters = 10 });

            var error = Assert.Single(result.Errors);
            Assert.Equal($"the file has {Text.Length} bytes; the limit is 10 characters", error.Message);
            Assert.Equal(1, error.Location.Line);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static byte[] Insert(byte[] bytes, int at, byte[] inserted) => [.. bytes[..at], .. inserted, .. bytes[at..]];
}
