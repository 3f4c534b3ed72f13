using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Quality.Ingestion.Regions;

/// <summary>
/// The regions of one answer (spans, boxes, polygons, points, masks) written in the JSON shapes every importer
/// shares, plus the labels for the answer's comparable summary. Callers validate coordinates first: this class
/// only writes. Reused across answers: <see cref="Finish"/> hands the answer over and starts the next.
/// </summary>
public sealed class RegionList
{
    private readonly ArrayBufferWriter<byte> _buffer = new(256);
    private readonly Utf8JsonWriter _json;
    private readonly List<string> _labels = [];

    public RegionList()
    {
        _json = new Utf8JsonWriter(_buffer);
        _json.WriteStartArray();
    }

    public int Count => _labels.Count;

    /// <summary>A text span in code points, end exclusive.</summary>
    public void Span(int start, int end, string label, string text)
    {
        _json.WriteStartObject();
        _json.WriteNumber("start", start);
        _json.WriteNumber("end", end);
        _json.WriteString("label", label);
        _json.WriteString("text", text);
        _json.WriteEndObject();
        _labels.Add(label);
    }

    /// <summary>A box in pixels: (x, y) is the top-left corner, the pivot of a clockwise rotation in degrees.</summary>
    public void Box(double x, double y, double w, double h, string label, double rotation = 0, RegionExtras? extras = null)
    {
        _json.WriteStartObject();
        _json.WriteNumber("x", x);
        _json.WriteNumber("y", y);
        _json.WriteNumber("w", w);
        _json.WriteNumber("h", h);
        _json.WriteString("label", label);
        if (rotation != 0) _json.WriteNumber("rotation", rotation);
        End(label, extras);
    }

    /// <summary>A polygon or polyline in pixels, points in drawing order.</summary>
    public void Polygon(ReadOnlySpan<double> xy, string label, RegionExtras? extras = null)
    {
        _json.WriteStartObject();
        _json.WriteStartArray("points");
        for (var i = 0; i + 1 < xy.Length; i += 2)
        {
            _json.WriteStartArray();
            _json.WriteNumberValue(xy[i]);
            _json.WriteNumberValue(xy[i + 1]);
            _json.WriteEndArray();
        }
        _json.WriteEndArray();
        _json.WriteString("label", label);
        End(label, extras);
    }

    /// <summary>One keypoint in pixels.</summary>
    public void Point(double x, double y, string label, RegionExtras? extras = null)
    {
        _json.WriteStartObject();
        _json.WriteNumber("x", x);
        _json.WriteNumber("y", y);
        _json.WriteString("label", label);
        End(label, extras);
    }

    /// <summary>A mask as uncompressed COCO run-length counts (column-major, starting with background).</summary>
    public void Mask(ReadOnlySpan<long> counts, long height, long width, string label, RegionExtras? extras = null)
    {
        _json.WriteStartObject();
        _json.WriteStartObject("rle");
        _json.WriteStartArray("counts");
        foreach (var c in counts) _json.WriteNumberValue(c);
        _json.WriteEndArray();
        _json.WriteStartArray("size");
        _json.WriteNumberValue(height);
        _json.WriteNumberValue(width);
        _json.WriteEndArray();
        _json.WriteEndObject();
        _json.WriteString("label", label);
        End(label, extras);
    }

    /// <summary>The answer: labels sorted and joined with '|', and the JSON array of regions. Starts a new, empty list.</summary>
    public (string Value, string Geometry) Finish()
    {
        _json.WriteEndArray();
        _json.Flush();
        var geometry = Encoding.UTF8.GetString(_buffer.WrittenSpan);
        _labels.Sort(StringComparer.Ordinal);
        var value = string.Join('|', _labels);
        Clear();
        return (value, geometry);
    }

    /// <summary>Drops what was written since the last <see cref="Finish"/>.</summary>
    public void Clear()
    {
        _buffer.Clear();
        _json.Reset();
        _json.WriteStartArray();
        _labels.Clear();
    }

    private void End(string label, RegionExtras? extras)
    {
        if (extras is { } e)
        {
            if (e.Crowd) _json.WriteBoolean("iscrowd", true);
            if (e.Occluded) _json.WriteBoolean("occluded", true);
            if (e.Attributes is { Count: > 0 } attributes)
            {
                _json.WriteStartObject("attributes");
                foreach (var (name, value) in attributes) _json.WriteString(name, value);
                _json.WriteEndObject();
            }
        }
        _json.WriteEndObject();
        _labels.Add(label);
    }
}

/// <summary>What some tools say about a region beyond its shape: COCO's crowd flag, CVAT's occlusion and attributes.</summary>
public sealed record RegionExtras(bool Crowd = false, bool Occluded = false, IReadOnlyList<KeyValuePair<string, string>>? Attributes = null)
{
    public static RegionExtras? Of(bool crowd, bool occluded, IReadOnlyList<KeyValuePair<string, string>>? attributes) =>
        crowd || occluded || attributes is { Count: > 0 } ? new RegionExtras(crowd, occluded, attributes) : null;
}
