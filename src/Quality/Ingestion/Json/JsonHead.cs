using System.Text;

namespace Quality.Ingestion.Json;

/// <summary>What detection sees of a JSON file: the head decoded without its BOM and leading whitespace.</summary>
public static class JsonHead
{
    /// <summary>The head as text when it opens a JSON object (`{`), else null.</summary>
    public static string? Object(ReadOnlySpan<byte> head)
    {
        var text = Encoding.UTF8.GetString(head).TrimStart('\uFEFF').TrimStart();
        return text.StartsWith('{') ? text : null;
    }

    /// <summary>The first line of a head that opens a JSON object (an NDJSON record), else null.</summary>
    public static string? FirstLine(ReadOnlySpan<byte> head)
    {
        var text = Object(head);
        if (text is null) return null;
        var newline = text.IndexOf('\n');
        return newline >= 0 ? text[..newline] : text;
    }
}
