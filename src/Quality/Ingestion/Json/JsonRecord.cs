using System.Globalization;
using System.Text.Json;

namespace Quality.Ingestion.Json;

/// <summary>
/// Typed reads of one JSON record (an NDJSON line, an array element) where a wrong shape is an
/// <see cref="ImportException"/> naming the file, the record's line or byte offset, and the property.
/// </summary>
public readonly struct JsonRecord(JsonElement element, string file, long? line, long? byteOffset = null)
{
    public JsonElement Element => element;

    public ImportException Error(string problem) =>
        line is not null ? new ImportException(file, line, null, problem) : ImportException.AtByte(file, byteOffset ?? 0, problem);

    /// <summary>A nested value, reporting errors at this record's position.</summary>
    public JsonRecord Child(JsonElement value) => new(value, file, line, byteOffset);

    public JsonRecord RequireObject(string what)
    {
        if (element.ValueKind != JsonValueKind.Object) throw Error($"expected {what} as a JSON object, found {Describe(element)}");
        return this;
    }

    /// <summary>The property, or null when it is absent or JSON null.</summary>
    public JsonElement? Get(string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? v : null;

    public string? String(string name) => Get(name) is { } v ? StringOf(v, name) : null;

    public string RequiredString(string name) => String(name) ?? throw Error($"'{name}' is missing");

    /// <summary>An id written as a string or a number, as text (numbers keep their JSON spelling).</summary>
    public string? Id(string name)
    {
        if (Get(name) is not { } v) return null;
        return v.ValueKind switch
        {
            JsonValueKind.String => v.GetString()!,
            JsonValueKind.Number => v.GetRawText(),
            _ => throw Error($"'{name}' should be a string or a number, found {Describe(v)}"),
        };
    }

    public double? Double(string name) => Get(name) is { } v ? DoubleOf(v, name) : null;

    public long? Long(string name) => Get(name) is { } v ? LongOf(v, name) : null;

    public JsonElement? Array(string name)
    {
        if (Get(name) is not { } v) return null;
        if (v.ValueKind != JsonValueKind.Array) throw Error($"'{name}' should be an array, found {Describe(v)}");
        return v;
    }

    public string StringOf(JsonElement v, string what) =>
        v.ValueKind == JsonValueKind.String ? v.GetString()! : throw Error($"{what} should be a string, found {Describe(v)}");

    public double DoubleOf(JsonElement v, string what)
    {
        if (v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out var d) && double.IsFinite(d)) return d;
        throw Error($"{what} should be a finite number, found {Describe(v)}");
    }

    public long LongOf(JsonElement v, string what)
    {
        if (v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n)) return n;
        throw Error($"{what} should be a whole number, found {Describe(v)}");
    }

    /// <summary>A short description of a value for messages: its kind and, for scalars, its first characters.</summary>
    public static string Describe(JsonElement v)
    {
        var kind = v.ValueKind.ToString().ToLowerInvariant();
        if (v.ValueKind is JsonValueKind.Object or JsonValueKind.Array) return $"an {(v.ValueKind == JsonValueKind.Object ? "object" : "array")}";
        var raw = v.GetRawText();
        return $"{kind} {(raw.Length <= 40 ? raw : raw[..40] + "…")}";
    }

    /// <summary>Formats a number the way it is stored (invariant, shortest round-trip).</summary>
    public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
