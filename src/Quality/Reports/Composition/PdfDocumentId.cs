using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Quality.Reports.Composition;

/// <summary>
/// Replaces the document ID Skia derives from the wall clock (PDF/A mode: trailer /ID and the XMP
/// xmpMM:DocumentID / InstanceID) with one derived from the file's own content, so the same report and clock give
/// byte-identical files. Same-length replacement keeps every cross-reference offset valid.
/// </summary>
internal static partial class PdfDocumentId
{
    public static byte[] MakeDeterministic(byte[] pdf)
    {
        var text = Encoding.Latin1.GetString(pdf);
        var ids = TrailerId().Matches(text).SelectMany(m => new[] { m.Groups[1].Value, m.Groups[2].Value }).Distinct(StringComparer.Ordinal).ToList();
        // Skia's IDs are 16-byte MD5s; anything else is not ours to rewrite.
        if (ids.Count == 0 || ids.Any(id => id.Length != 32)) return pdf;

        // Every place an ID is written, in its trailer form (hex) and its XMP form (lower-case UUID).
        var places = ids.Select(id => (Hex: Positions(text, id), Uuid: Positions(text, Uuid(id)))).ToList();
        var blank = (byte[])pdf.Clone();
        for (var i = 0; i < ids.Count; i++)
        {
            foreach (var p in places[i].Hex) Array.Fill(blank, (byte)'0', p, ids[i].Length);
            foreach (var p in places[i].Uuid) Array.Fill(blank, (byte)'0', p, 36);
        }

        var result = (byte[])pdf.Clone();
        for (var i = 0; i < ids.Count; i++)
        {
            var hash = MD5.HashData([.. blank, (byte)i]);
            // RFC 4122 version 3 (name-based, MD5) and variant bits, as Skia's own IDs carry.
            hash[6] = (byte)((hash[6] & 0x0F) | 0x30);
            hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
            var hex = Convert.ToHexString(hash);
            foreach (var p in places[i].Hex) Encoding.Latin1.GetBytes(hex, 0, hex.Length, result, p);
            var uuid = Uuid(hex);
            foreach (var p in places[i].Uuid) Encoding.Latin1.GetBytes(uuid, 0, uuid.Length, result, p);
        }
        return result;
    }

    private static string Uuid(string hex) => $"{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..]}".ToLowerInvariant();

    private static List<int> Positions(string text, string value)
    {
        var found = new List<int>();
        for (var i = text.IndexOf(value, StringComparison.Ordinal); i >= 0; i = text.IndexOf(value, i + value.Length, StringComparison.Ordinal)) found.Add(i);
        return found;
    }

    [GeneratedRegex(@"/ID\s*\[\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*\]")]
    private static partial Regex TrailerId();
}
