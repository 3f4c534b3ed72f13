using System.Text.Json;

namespace Quality.Tests.Support;

/// <summary>Structural JSON equality with a tolerance on numbers.</summary>
public static class JsonAssert
{
    public static void Close(JsonElement expected, JsonElement actual, double tolerance, string path = "$")
    {
        Assert.True(expected.ValueKind == actual.ValueKind, $"{path}: {expected.ValueKind} vs {actual.ValueKind}");
        switch (expected.ValueKind)
        {
            case JsonValueKind.Number:
                var e = expected.GetDouble();
                var a = actual.GetDouble();
                Assert.True(Math.Abs(e - a) <= tolerance * Math.Max(1, Math.Abs(e)), $"{path}: {e:R} vs {a:R}");
                break;
            case JsonValueKind.Object:
                var names = expected.EnumerateObject().Select(p => p.Name).ToList();
                Assert.Equal(names, actual.EnumerateObject().Select(p => p.Name).ToList());
                foreach (var n in names) Close(expected.GetProperty(n), actual.GetProperty(n), tolerance, $"{path}.{n}");
                break;
            case JsonValueKind.Array:
                Assert.Equal(expected.GetArrayLength(), actual.GetArrayLength());
                for (var i = 0; i < expected.GetArrayLength(); i++) Close(expected[i], actual[i], tolerance, $"{path}[{i}]");
                break;
            default:
                Assert.Equal(expected.GetRawText(), actual.GetRawText());
                break;
        }
    }
}
