using System.Globalization;
using System.Text.Json;

namespace Quality.Ingestion.LabelStudio;

/// <summary>Reading the common parts of Label Studio tasks and annotations, with errors that say where.</summary>
internal static class LsJson
{
    private static readonly string[] MediaKeys = ["image", "audio", "video", "pdf", "url"];

    // Control names repeat on every result: keep one string per name instead of one per result.
    [ThreadStatic] private static List<string>? _names;

    /// <summary>An id written as a number or a string; null when absent.</summary>
    public static string? Id(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var id)) return null;
        return id.ValueKind switch
        {
            JsonValueKind.Number => id.GetRawText(),
            JsonValueKind.String => id.GetString(),
            _ => null,
        };
    }

    public static bool IsTrue(JsonElement element, string name) =>
        element.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.True;

    public static string Name(JsonElement name)
    {
        var names = _names ??= [];
        foreach (var n in names)
            if (name.ValueEquals(n)) return n;
        var s = name.GetString()!;
        if (names.Count < 256) names.Add(s);
        return s;
    }

    /// <summary>
    /// The item's text and media from the task's data: `text` (else the first other string that is not a media
    /// reference) and the first of image/audio/video/pdf/url.
    /// </summary>
    public static (string? Text, string? Media) ItemContent(JsonElement data)
    {
        string? text = null, media = null, firstOther = null;
        foreach (var p in data.EnumerateObject())
        {
            if (p.Value.ValueKind != JsonValueKind.String) continue;
            if (p.NameEquals("text"))
            {
                text = p.Value.GetString();
                continue;
            }
            if (IsMediaKey(p)) { media ??= p.Value.GetString(); continue; }
            if (firstOther is null)
            {
                var s = p.Value.GetString()!;
                if (!LooksLikeReference(s)) firstOther = s;
            }
        }
        return (text ?? firstOther, media);
    }

    private static bool IsMediaKey(JsonProperty p)
    {
        foreach (var k in MediaKeys)
            if (p.NameEquals(k)) return true;
        return false;
    }

    private static bool LooksLikeReference(string s) =>
        s.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || s.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
        || s.StartsWith("s3://", StringComparison.Ordinal) || s.StartsWith("gs://", StringComparison.Ordinal) || s.StartsWith("/data/", StringComparison.Ordinal);

    /// <summary>An image size (original_width/height); null when absent.</summary>
    public static double? Size(JsonElement result, string name, in LsWhere where)
    {
        if (!result.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind != JsonValueKind.Number || !v.TryGetDouble(out var d) || !double.IsFinite(d) || d <= 0)
            throw where.Error($"'{name}' is not a positive number ({LabelStudioAnswers.Shorten(v.GetRawText())})");
        return d;
    }

    public static DateTime? Time(JsonElement element, string name, in LsWhere where)
    {
        if (!element.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind == JsonValueKind.String && Timestamps.TryParse(v.GetString(), out var utc)) return utc;
        else if (v.ValueKind == JsonValueKind.Number && Timestamps.TryParse(v.GetRawText(), out var epoch)) return epoch;
        throw where.Error($"'{name}' is not a time stamp ({LabelStudioAnswers.Shorten(v.GetRawText())})");
    }

    public static DateTime? Time(string? text, string name, in LsWhere where)
    {
        if (string.IsNullOrEmpty(text)) return null;
        return Timestamps.TryParse(text, out var utc) ? utc : throw where.Error($"'{name}' is not a time stamp ({LabelStudioAnswers.Shorten(text)})");
    }

    /// <summary>`lead_time`: seconds the annotator spent; negative or non-finite values are errors.</summary>
    public static double? LeadTime(JsonElement annotation, in LsWhere where)
    {
        if (!annotation.TryGetProperty("lead_time", out var v) || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out var d) && double.IsFinite(d) && d >= 0) return d;
        throw where.Error($"'lead_time' is not a non-negative number of seconds ({LabelStudioAnswers.Shorten(v.GetRawText())})");
    }

    public static double? LeadTime(string? text, in LsWhere where)
    {
        if (string.IsNullOrEmpty(text)) return null;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d) && d >= 0) return d;
        throw where.Error($"'lead_time' is not a non-negative number of seconds ({LabelStudioAnswers.Shorten(text)})");
    }

    /// <summary>
    /// The review verdict: the latest of `reviews[]` (Enterprise) by `created_at`, else `last_action` when it is a
    /// review action. Null when the annotation was not reviewed.
    /// </summary>
    public static string? Review(JsonElement annotation)
    {
        if (annotation.TryGetProperty("reviews", out var reviews) && Reviews(reviews) is { } verdict) return verdict;
        return annotation.TryGetProperty("last_action", out var action) && action.ValueKind == JsonValueKind.String ? LastAction(action.GetString()) : null;
    }

    /// <summary>The verdict of the latest review (by `created_at`) in an Enterprise `reviews[]`; null when none.</summary>
    public static string? Reviews(JsonElement reviews)
    {
        if (reviews.ValueKind != JsonValueKind.Array) return null;
        JsonElement? latest = null;
        string? latestAt = null;
        foreach (var r in reviews.EnumerateArray())
        {
            if (r.ValueKind != JsonValueKind.Object || !r.TryGetProperty("accepted", out var a) || a.ValueKind is not (JsonValueKind.True or JsonValueKind.False)) continue;
            var at = r.TryGetProperty("created_at", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
            if (latest is null || string.CompareOrdinal(at, latestAt) >= 0) { latest = a; latestAt = at; }
        }
        return latest is { } verdict ? verdict.ValueKind == JsonValueKind.True ? "accepted" : "rejected" : null;
    }

    /// <summary>`last_action` when it is a review action.</summary>
    public static string? LastAction(string? action) => action switch
    {
        "accepted" or "fixed_and_accepted" => "accepted",
        "rejected" => "rejected",
        _ => null,
    };
}

/// <summary>
/// Who made an annotation: `completed_by` as a user id (Community), as an object (its e-mail, else its id), or
/// absent (then --annotator). Each annotator is declared to the sink once.
/// </summary>
internal sealed class LsAnnotators(ImportSource source, IImportSink sink)
{
    private readonly Dictionary<long, string> _byId = [];
    private readonly HashSet<string> _declared = new(StringComparer.Ordinal);

    /// <summary>A Community-edition user id.</summary>
    public string Resolve(long id)
    {
        if (_byId.TryGetValue(id, out var known)) return known;
        var key = id.ToString(CultureInfo.InvariantCulture);
        _byId[id] = key;
        Declare(key, null);
        return key;
    }

    public string Resolve(JsonElement completedBy, in LsWhere where)
    {
        switch (completedBy.ValueKind)
        {
            case JsonValueKind.Number when completedBy.TryGetInt64(out var id):
                return Resolve(id);
            case JsonValueKind.String:
                return Declared(completedBy.GetString()!, null, where);
            case JsonValueKind.Object:
                string? email = completedBy.TryGetProperty("email", out var e) && e.ValueKind == JsonValueKind.String && e.GetString()!.Length > 0 ? e.GetString() : null;
                var objectKey = email ?? LsJson.Id(completedBy, "id");
                if (objectKey is null) break;
                var name = string.Join(" ", new[] { Text(completedBy, "first_name"), Text(completedBy, "last_name") }.Where(s => s.Length > 0));
                return Declared(objectKey, name.Length > 0 ? name : null, where);
        }
        if (completedBy.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null || completedBy.ValueKind == JsonValueKind.Object)
            return Fallback(where);
        throw where.Error($"'completed_by' is neither a user id nor a user ({LabelStudioAnswers.Shorten(completedBy.GetRawText())})");
    }

    /// <summary>The annotator of a JSON-MIN/CSV row: an id or e-mail as text, or --annotator when empty.</summary>
    public string Resolve(string? annotator, in LsWhere where) =>
        string.IsNullOrWhiteSpace(annotator) ? Fallback(where) : Declared(annotator.Trim(), null, where);

    private string Fallback(in LsWhere where) =>
        source.Request.Annotator is { Length: > 0 } a ? Declared(a, null, where)
            : throw where.Error("the annotation does not say who made it (no completed_by); name the annotator with --annotator");

    private string Declared(string key, string? display, in LsWhere where)
    {
        if (key.Length == 0) throw where.Error("the annotator id is empty");
        if (_declared.Add(key)) sink.Annotator(key, display);
        return key;
    }

    private void Declare(string key, string? display)
    {
        if (_declared.Add(key)) sink.Annotator(key, display);
    }

    private static string Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()!.Trim() : "";
}
