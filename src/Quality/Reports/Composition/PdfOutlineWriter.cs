using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Quality.Reports.Composition;

/// <summary>
/// Adds bookmarks (a PDF outline) to a finished PDF by an incremental update, since SkiaSharp does not expose
/// Skia's outline support: new objects for the /Outlines tree, a new revision of the Catalog with /Outlines and
/// /PageMode /UseOutlines, and a new cross-reference section whose trailer points back with /Prev. The original
/// bytes are kept as they are. Destinations are the explicit ones (page, /XYZ left top) that Skia wrote into the
/// Catalog's /Dests for the headings' named destinations.
/// </summary>
internal static partial class PdfOutlineWriter
{
    public static byte[] Append(byte[] pdf, IReadOnlyList<OutlineEntry> entries)
    {
        if (entries.Count == 0) return pdf;
        var file = new ClassicPdf(pdf);
        var catalog = file.ObjectBody(file.Root).Trim();
        if (!catalog.StartsWith("<<", StringComparison.Ordinal) || !catalog.EndsWith(">>", StringComparison.Ordinal))
            throw new InvalidOperationException("the PDF catalog is not a dictionary");
        if (catalog.Contains("/Outlines", StringComparison.Ordinal)) throw new InvalidOperationException("the PDF already has an outline");
        var destinations = Destinations(file, catalog);

        var roots = Tree(entries);
        var next = file.Size;
        var outlinesNumber = next++;
        foreach (var node in PreOrder(roots)) node.Number = next++;

        using var output = new MemoryStream(pdf.Length + 4096);
        output.Write(pdf);
        if (pdf[^1] != (byte)'\n') output.WriteByte((byte)'\n');
        var offsets = new SortedDictionary<int, long>();

        void WriteObject(int number, string body)
        {
            offsets[number] = output.Position;
            output.Write(Encoding.Latin1.GetBytes($"{number} 0 obj\n{body}\nendobj\n"));
        }

        WriteObject(file.Root, catalog[..^2] + $"\n/Outlines {outlinesNumber} 0 R\n/PageMode /UseOutlines>>");
        WriteObject(outlinesNumber, $"<</Type /Outlines\n/First {roots[0].Number} 0 R\n/Last {roots[^1].Number} 0 R\n/Count {Descendants(roots)}>>");
        foreach (var node in PreOrder(roots))
        {
            if (!destinations.TryGetValue(node.Entry.Anchor, out var dest))
                throw new InvalidOperationException($"the PDF has no destination for heading \"{node.Entry.Title}\"");
            var siblings = node.Parent?.Children ?? roots;
            var index = siblings.IndexOf(node);
            var body = new StringBuilder();
            body.Append("<</Title ").Append(TextString(node.Entry.Title));
            body.Append("\n/Parent ").Append(node.Parent?.Number ?? outlinesNumber).Append(" 0 R");
            if (index > 0) body.Append("\n/Prev ").Append(siblings[index - 1].Number).Append(" 0 R");
            if (index < siblings.Count - 1) body.Append("\n/Next ").Append(siblings[index + 1].Number).Append(" 0 R");
            if (node.Children.Count > 0)
            {
                body.Append("\n/First ").Append(node.Children[0].Number).Append(" 0 R");
                body.Append("\n/Last ").Append(node.Children[^1].Number).Append(" 0 R");
                // Positive: the item opens showing all its descendants.
                body.Append("\n/Count ").Append(Descendants(node.Children));
            }
            body.Append("\n/Dest ").Append(dest).Append(">>");
            WriteObject(node.Number, body.ToString());
        }

        var xref = output.Position;
        var sb = new StringBuilder("xref\n");
        foreach (var run in Runs(offsets.Keys))
        {
            sb.Append(CultureInfo.InvariantCulture, $"{run.First} {run.Count}\n");
            for (var n = run.First; n < run.First + run.Count; n++) sb.Append(CultureInfo.InvariantCulture, $"{offsets[n]:D10} 00000 n \n");
        }
        sb.Append(CultureInfo.InvariantCulture, $"trailer\n<</Size {next}\n/Root {file.Root} 0 R");
        if (file.Info is { } info) sb.Append(CultureInfo.InvariantCulture, $"\n/Info {info} 0 R");
        if (file.Id is { } id) sb.Append('\n').Append(id);
        sb.Append(CultureInfo.InvariantCulture, $"\n/Prev {file.XrefOffset}>>\nstartxref\n{xref}\n%%EOF\n");
        output.Write(Encoding.Latin1.GetBytes(sb.ToString()));
        return output.ToArray();
    }

    /// <summary>A PDF text string: UTF-16BE with byte-order mark, in hex, so any title survives unescaped.</summary>
    internal static string TextString(string text)
    {
        var sb = new StringBuilder("<FEFF");
        foreach (var b in Encoding.BigEndianUnicode.GetBytes(text)) sb.Append(b.ToString("X2", CultureInfo.InvariantCulture));
        return sb.Append('>').ToString();
    }

    private static Dictionary<string, string> Destinations(ClassicPdf file, string catalog)
    {
        var reference = DestsReference().Match(catalog);
        if (!reference.Success) throw new InvalidOperationException("the PDF has no named destinations (/Dests) to point bookmarks at");
        var dests = file.ObjectBody(int.Parse(reference.Groups[1].Value, CultureInfo.InvariantCulture));
        return DestEntry().Matches(dests).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value, StringComparer.Ordinal);
    }

    private sealed class Node(OutlineEntry entry, Node? parent)
    {
        public OutlineEntry Entry { get; } = entry;
        public Node? Parent { get; } = parent;
        public List<Node> Children { get; } = [];
        public int Number { get; set; }
    }

    /// <summary>Nests each heading under the nearest earlier heading of a lower level.</summary>
    private static List<Node> Tree(IReadOnlyList<OutlineEntry> entries)
    {
        var roots = new List<Node>();
        var stack = new Stack<Node>();
        foreach (var entry in entries)
        {
            while (stack.Count > 0 && stack.Peek().Entry.Level >= entry.Level) stack.Pop();
            var parent = stack.Count > 0 ? stack.Peek() : null;
            var node = new Node(entry, parent);
            (parent?.Children ?? roots).Add(node);
            stack.Push(node);
        }
        return roots;
    }

    private static IEnumerable<Node> PreOrder(IEnumerable<Node> nodes)
    {
        foreach (var node in nodes)
        {
            yield return node;
            foreach (var child in PreOrder(node.Children)) yield return child;
        }
    }

    private static int Descendants(IEnumerable<Node> nodes) => nodes.Sum(n => 1 + Descendants(n.Children));

    private static IEnumerable<(int First, int Count)> Runs(IEnumerable<int> sorted)
    {
        int? first = null;
        var count = 0;
        foreach (var n in sorted)
        {
            if (first is { } f && n == f + count)
            {
                count++;
                continue;
            }
            if (first is { } done) yield return (done, count);
            first = n;
            count = 1;
        }
        if (first is { } last) yield return (last, count);
    }

    [GeneratedRegex(@"/Dests\s+(\d+)\s+0\s+R")]
    private static partial Regex DestsReference();

    [GeneratedRegex(@"/([A-Za-z0-9_.\-]+)\s*(\[[^\]]*\])")]
    private static partial Regex DestEntry();
}

/// <summary>
/// Just enough of a PDF reader for files written by Skia: one revision, a classic cross-reference table, no
/// object streams. Reads the trailer and the text of uncompressed objects.
/// </summary>
internal sealed partial class ClassicPdf
{
    private readonly string text;
    private readonly Dictionary<int, long> offsets = [];

    public ClassicPdf(byte[] pdf)
    {
        // Latin-1 maps every byte to one char, so string indexes are byte offsets.
        text = Encoding.Latin1.GetString(pdf);
        var startxref = text.LastIndexOf("startxref", StringComparison.Ordinal);
        if (startxref < 0) throw new InvalidOperationException("no startxref in the PDF");
        XrefOffset = long.Parse(NextToken(startxref + "startxref".Length, out _), CultureInfo.InvariantCulture);
        var pos = (int)XrefOffset;
        if (string.CompareOrdinal(text, pos, "xref", 0, 4) != 0) throw new InvalidOperationException("the PDF has no classic cross-reference table");
        pos += 4;
        while (true)
        {
            var token = NextToken(pos, out pos);
            if (token == "trailer") break;
            var first = int.Parse(token, CultureInfo.InvariantCulture);
            var count = int.Parse(NextToken(pos, out pos), CultureInfo.InvariantCulture);
            for (var n = first; n < first + count; n++)
            {
                var offset = long.Parse(NextToken(pos, out pos), CultureInfo.InvariantCulture);
                NextToken(pos, out pos);
                if (NextToken(pos, out pos) == "n") offsets[n] = offset;
            }
        }
        var end = text.IndexOf("startxref", pos, StringComparison.Ordinal);
        var trailer = text[pos..end];
        if (trailer.Contains("/Prev", StringComparison.Ordinal)) throw new InvalidOperationException("the PDF already has incremental updates");
        Size = int.Parse(TrailerKey("Size", @"(\d+)", trailer) ?? throw new InvalidOperationException("trailer without /Size"), CultureInfo.InvariantCulture);
        Root = int.Parse(TrailerKey("Root", @"(\d+)\s+0\s+R", trailer) ?? throw new InvalidOperationException("trailer without /Root"), CultureInfo.InvariantCulture);
        var info = TrailerKey("Info", @"(\d+)\s+0\s+R", trailer);
        Info = info is null ? null : int.Parse(info, CultureInfo.InvariantCulture);
        var id = IdEntry().Match(trailer);
        Id = id.Success ? id.Value : null;
    }

    public long XrefOffset { get; }
    public int Size { get; }
    public int Root { get; }
    public int? Info { get; }

    /// <summary>The trailer's "/ID [&lt;…&gt; &lt;…&gt;]" entry as written, or null.</summary>
    public string? Id { get; }

    /// <summary>What lies between "n 0 obj" and "endobj".</summary>
    public string ObjectBody(int number)
    {
        if (!offsets.TryGetValue(number, out var offset)) throw new InvalidOperationException($"object {number} is not in the PDF");
        var start = text.IndexOf("obj", (int)offset, StringComparison.Ordinal) + 3;
        var end = text.IndexOf("endobj", start, StringComparison.Ordinal);
        return text[start..end];
    }

    private string NextToken(int pos, out int after)
    {
        while (pos < text.Length && char.IsWhiteSpace(text[pos])) pos++;
        var start = pos;
        while (pos < text.Length && !char.IsWhiteSpace(text[pos])) pos++;
        after = pos;
        return text[start..pos];
    }

    private static string? TrailerKey(string key, string valuePattern, string trailer)
    {
        var m = Regex.Match(trailer, "/" + key + @"\s+" + valuePattern);
        return m.Success ? m.Groups[1].Value : null;
    }

    [GeneratedRegex(@"/ID\s*\[[^\]]*\]")]
    private static partial Regex IdEntry();
}
