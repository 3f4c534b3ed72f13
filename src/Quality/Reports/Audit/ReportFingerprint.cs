using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Quality.Reports.Audit;

/// <summary>
/// The fingerprint of an audit report: SHA-256 of the canonical JSON of its <see cref="AuditReportModel"/> (the
/// generation time is not part of the model). Canonical JSON: property names in snake_case, object keys sorted
/// by ordinal (UTF-16 code unit) order at every level, no whitespace, numbers in .NET's shortest round-trip form,
/// dates as yyyy-MM-dd, strings with only '"', '\' and control characters escaped, UTF-8 without BOM.
/// Anyone holding the model JSON can re-derive it; `quality report verify` re-derives it from the database.
/// </summary>
public static class ReportFingerprint
{
    private static readonly JsonSerializerOptions ModelJson = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The canonical JSON text of the model.</summary>
    public static string CanonicalJson(AuditReportModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var node = JsonSerializer.SerializeToNode(model, ModelJson);
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            Write(w, node);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>SHA-256 of the canonical JSON, 64 lower-case hex digits.</summary>
    public static string Compute(AuditReportModel model) => OfCanonicalJson(CanonicalJson(model));

    public static string OfCanonicalJson(string canonicalJson) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalJson)));

    /// <summary>The model back from its canonical JSON (the copy stored with each report).</summary>
    public static AuditReportModel Parse(string canonicalJson) =>
        JsonSerializer.Deserialize<AuditReportModel>(canonicalJson, ModelJson) ?? throw new QualityException("the stored report model is empty");

    private static void Write(Utf8JsonWriter w, JsonNode? node)
    {
        switch (node)
        {
            case null:
                w.WriteNullValue();
                break;
            case JsonObject o:
                w.WriteStartObject();
                foreach (var (key, value) in o.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    w.WritePropertyName(key);
                    Write(w, value);
                }
                w.WriteEndObject();
                break;
            case JsonArray a:
                w.WriteStartArray();
                foreach (var item in a) Write(w, item);
                w.WriteEndArray();
                break;
            default:
                node.WriteTo(w);
                break;
        }
    }
}
