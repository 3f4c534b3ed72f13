using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Quality.Reports.Composition;

/// <summary>
/// Replaces the document ID Skia derives from the wall clock (PDF/A mode: trailer /ID and the XMP
/// xmpMM:DocumentID / InstanceID) with one derived from the file's own content, so the same report and clock give
/// byte-identical files. Skia writes the trailer's IDs as hex strings or, when shorter, as literal strings with
/// escapes, so their length depends on the random bytes: the entry is rewritten in one canonical form (hex), and
/// the content hash leaves it out. Call it on Skia's output, before any incremental update is appended: the
/// trailer then comes after the only cross-reference table, so changing its length moves no object. The XMP UUIDs
/// keep their length, so the objects before it do not move either.
/// </summary>
internal static partial class PdfDocumentId
{
    public static byte[] MakeDeterministic(byte[] pdf)
    {
        var text = Encoding.Latin1.GetString(pdf);
        var trailer = text.LastIndexOf("trailer", StringComparison.Ordinal);
        // One trailer after the only cross-reference table (an incremental update would have /Prev in it).
        if (trailer < 0 || text.IndexOf("\nxref", trailer, StringComparison.Ordinal) >= 0 || text.IndexOf("/Prev", trailer, StringComparison.Ordinal) >= 0)
            return pdf;
        var entry = TrailerId().Match(text, trailer);
        if (!entry.Success) return pdf;
        var originals = new[] { Decode(entry.Groups[1].Value), Decode(entry.Groups[2].Value) };
        // Skia's IDs are 16-byte MD5s; anything else is not ours to rewrite.
        if (originals.Any(id => id is not { Length: 16 })) return pdf;
        var ids = originals.Select(id => Convert.ToHexString(id!)).Distinct(StringComparer.Ordinal).ToList();

        // The content the new IDs are derived from: the file without its ID entry, with the XMP UUIDs blanked.
        var uuidPlaces = ids.Select(id => Positions(text, Uuid(id), entry.Index)).ToList();
        var blank = new StringBuilder(text.Remove(entry.Index, entry.Length));
        foreach (var places in uuidPlaces)
            foreach (var p in places) blank.Remove(p, 36).Insert(p, new string('0', 36));
        var blankBytes = Encoding.Latin1.GetBytes(blank.ToString());

        var result = new StringBuilder(text);
        var replacements = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < ids.Count; i++)
        {
            var hash = MD5.HashData([.. blankBytes, (byte)i]);
            // RFC 4122 version 3 (name-based, MD5) and variant bits, as Skia's own IDs carry.
            hash[6] = (byte)((hash[6] & 0x0F) | 0x30);
            hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
            var hex = Convert.ToHexString(hash);
            replacements[ids[i]] = hex;
            foreach (var p in uuidPlaces[i]) result.Remove(p, 36).Insert(p, Uuid(hex));
        }
        var first = replacements[Convert.ToHexString(originals[0]!)];
        var second = replacements[Convert.ToHexString(originals[1]!)];
        result.Remove(entry.Index, entry.Length).Insert(entry.Index, $"/ID [<{first}> <{second}>]");
        return Encoding.Latin1.GetBytes(result.ToString());
    }

    private static string Uuid(string hex) => $"{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..]}".ToLowerInvariant();

    private static List<int> Positions(string text, string value, int before)
    {
        var found = new List<int>();
        for (var i = text.IndexOf(value, StringComparison.Ordinal); i >= 0 && i < before; i = text.IndexOf(value, i + value.Length, StringComparison.Ordinal))
            found.Add(i);
        return found;
    }

    /// <summary>The bytes of a PDF string token: &lt;hex&gt; or (literal with escapes); null when malformed.</summary>
    internal static byte[]? Decode(string token)
    {
        if (token.StartsWith('<'))
        {
            var hex = string.Concat(token[1..^1].Where(ch => !char.IsWhiteSpace(ch)));
            return hex.Length % 2 == 0 && hex.All(char.IsAsciiHexDigit) ? Convert.FromHexString(hex) : null;
        }
        var bytes = new List<byte>();
        for (var i = 1; i < token.Length - 1; i++)
        {
            var c = token[i];
            if (c != '\\')
            {
                bytes.Add((byte)c);
                continue;
            }
            if (++i >= token.Length - 1) return null;
            c = token[i];
            switch (c)
            {
                case 'n': bytes.Add((byte)'\n'); break;
                case 'r': bytes.Add((byte)'\r'); break;
                case 't': bytes.Add((byte)'\t'); break;
                case 'b': bytes.Add((byte)'\b'); break;
                case 'f': bytes.Add((byte)'\f'); break;
                case '\r':
                    if (i + 1 < token.Length - 1 && token[i + 1] == '\n') i++;
                    break;
                case '\n': break;
                case >= '0' and <= '7':
                    var value = 0;
                    var digits = 0;
                    while (digits < 3 && i < token.Length - 1 && token[i] is >= '0' and <= '7')
                    {
                        value = value * 8 + (token[i] - '0');
                        i++;
                        digits++;
                    }
                    i--;
                    bytes.Add((byte)(value & 0xFF));
                    break;
                default: bytes.Add((byte)c); break; // \( \) \\ and any other escaped character stand for themselves
            }
        }
        return [.. bytes];
    }

    // A PDF string token: <hex> or (literal), where a literal's backslash escapes any byte.
    [GeneratedRegex(@"/ID\s*\[\s*(<[0-9A-Fa-f\s]*>|\((?:\\[\s\S]|[^\\()])*\))\s*(<[0-9A-Fa-f\s]*>|\((?:\\[\s\S]|[^\\()])*\))\s*\]")]
    private static partial Regex TrailerId();
}
