using System.Text;
using Quality.Reports.Composition;

namespace Quality.Tests.Reports;

public sealed class PdfDocumentIdTests
{
    // The shape Skia writes in PDF/A mode: the ID as an XMP UUID early in the file and twice in the trailer, after the
    // only cross-reference table; hex or literal string, whichever is shorter for the random bytes.
    private static byte[] Pdf(byte[] id, bool literal)
    {
        var hex = Convert.ToHexString(id);
        var uuid = $"{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..]}".ToLowerInvariant();
        var token = literal ? Literal(id) : $"<{hex}>";
        var body = $"%PDF-1.4\n1 0 obj\n<</Type /Metadata>> stream\n<xmpMM:DocumentID>uuid:{uuid}</xmpMM:DocumentID>\n<xmpMM:InstanceID>uuid:{uuid}</xmpMM:InstanceID>\nendstream\nendobj\n";
        var xref = body.Length;
        return Encoding.Latin1.GetBytes(body + $"xref\n0 2\n0000000000 65535 f \n0000000009 00000 n \ntrailer\n<</Size 2\n/ID [{token} {token}]>>\nstartxref\n{xref}\n%%EOF");
    }

    // Octal escapes for the unprintable bytes and backslash for the delimiters, as Skia writes them.
    private static string Literal(byte[] id)
    {
        var sb = new StringBuilder("(");
        foreach (var b in id)
        {
            if (b is (byte)'(' or (byte)')' or (byte)'\\') sb.Append('\\').Append((char)b);
            else if (b is < 32 or > 126) sb.Append('\\').Append(Convert.ToString(b, 8).PadLeft(3, '0'));
            else sb.Append((char)b);
        }
        return sb.Append(')').ToString();
    }

    [Fact]
    public void MakeDeterministic_RandomIdsInHexOrLiteralForm_GiveTheSameBytes()
    {
        var random = new Random(3);
        var outputs = new List<byte[]>();
        for (var i = 0; i < 20; i++)
        {
            var id = new byte[16];
            random.NextBytes(id);
            id[3] = (byte)'('; // delimiters and backslashes must be read through their escapes
            id[7] = (byte)'\\';
            id[9] = (byte)']';
            outputs.Add(PdfDocumentId.MakeDeterministic(Pdf(id, literal: i % 2 == 0)));
        }

        Assert.All(outputs, o => Assert.Equal(outputs[0], o));
        var text = Encoding.Latin1.GetString(outputs[0]);
        var newId = System.Text.RegularExpressions.Regex.Match(text, @"/ID \[<([0-9A-F]{32})> <\1>\]").Groups[1].Value;
        Assert.Equal(32, newId.Length);
        var uuid = $"{newId[..8]}-{newId[8..12]}-{newId[12..16]}-{newId[16..20]}-{newId[20..]}".ToLowerInvariant();
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Count(text, "uuid:" + uuid));
        // The cross-reference table did not move: startxref still points at it.
        var startxref = int.Parse(text[(text.LastIndexOf("startxref\n", StringComparison.Ordinal) + 10)..].Split('\n')[0], System.Globalization.CultureInfo.InvariantCulture);
        Assert.StartsWith("xref\n", text[startxref..], StringComparison.Ordinal);
    }

    [Fact]
    public void MakeDeterministic_DifferentContent_DifferentIds()
    {
        var id = Enumerable.Range(1, 16).Select(i => (byte)i).ToArray();
        var a = PdfDocumentId.MakeDeterministic(Pdf(id, literal: false));
        var other = Pdf(id, literal: false);
        other[2] = (byte)'X'; // "%PXF": any change of content
        var b = PdfDocumentId.MakeDeterministic(other);

        Assert.NotEqual(Encoding.Latin1.GetString(a)[^120..], Encoding.Latin1.GetString(b)[^120..]);
    }

    [Theory]
    [InlineData(@"(\205\246\010Pyp?b\277IK}fw\262J)", "85A6085079703F62BF494B7D6677B24A")]
    [InlineData(@"(a\(b\)c\\d\n\r\t\b\f\7\01)", "6128622963 5C640A0D09080C0701")]
    [InlineData("<85A60850 797 03F62>", "85A6085079703F62")]
    public void Decode_PdfStringTokens(string token, string hex) =>
        Assert.Equal(hex.Replace(" ", "", StringComparison.Ordinal), Convert.ToHexString(PdfDocumentId.Decode(token)!));
}
