using System.Text.Json;

namespace Quality.Web.Tests.Support;

/// <summary>The real `quality` CLI, run in-process.</summary>
public static class QualityCli
{
    public static JsonElement Json(params string[] args) => JsonDocument.Parse(Run(args)).RootElement.Clone();

    public static string Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = Quality.Cli.CliApp.Run(args, stdout, stderr);
        Assert.True(code == 0, $"quality {string.Join(' ', args)} exited {code}: {stderr}");
        return stdout.ToString().TrimEnd('\r', '\n');
    }
}
