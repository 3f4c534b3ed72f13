using System.Text;
using Quality.Exports;

namespace Quality.Tests.Exports;

public sealed class CsvExportTests
{
    [Theory]
    [InlineData("=SUM(A1:A9)", "'=SUM(A1:A9)")]
    [InlineData("+1-555-0100", "'+1-555-0100")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@cmd", "'@cmd")]
    [InlineData("\tx", "'\tx")]
    [InlineData("plain", "plain")]
    [InlineData("a=b", "a=b")]
    [InlineData("", "")]
    public void Cell_TextStartingLikeAFormula_GetsLeadingApostrophe(string text, string expected)
    {
        Assert.Equal(expected, CsvExport.Cell(text));
    }

    [Fact]
    public void Cell_FormulaWithCommaAndQuotes_EscapedThenQuoted()
    {
        Assert.Equal("\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"", CsvExport.Cell("=HYPERLINK(\"http://x\",\"y\")"));
    }

    [Fact]
    public void Cell_Numbers_InvariantAndNotEscaped()
    {
        Assert.Equal("-0.5", CsvExport.Cell(-0.5));
        Assert.Equal("0.1", CsvExport.Cell(0.1));
        Assert.Equal("-12", CsvExport.Cell(-12L));
        Assert.Equal("7", CsvExport.Cell(7));
        Assert.Equal("true", CsvExport.Cell(true));
        Assert.Equal("", CsvExport.Cell(null));
    }

    [Fact]
    public void Cell_NonFiniteNumber_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => CsvExport.Cell(double.NaN));
    }

    [Fact]
    public void Cell_UtcDate_Iso8601WithZ()
    {
        Assert.Equal("2026-10-05T09:30:00Z", CsvExport.Cell(new DateTime(2026, 10, 5, 9, 30, 0, DateTimeKind.Utc)));
        Assert.Equal("2026-10-05T09:30:00.25Z", CsvExport.Cell(new DateTime(2026, 10, 5, 9, 30, 0, 250, DateTimeKind.Utc)));
    }

    [Fact]
    public void Cell_NewlineOrLeadingSpace_Quoted()
    {
        Assert.Equal("\"two\nlines\"", CsvExport.Cell("two\nlines"));
        Assert.Equal("\" padded\"", CsvExport.Cell(" padded"));
    }

    [Fact]
    public void Write_Table_Rfc4180WithCrlf()
    {
        var writer = new StringWriter();

        CsvExport.Write(writer, ["item", "label", "score"], [["i-1", "=1+1", 0.25], ["i,2", null, -1.0]]);

        Assert.Equal("item,label,score\r\ni-1,'=1+1,0.25\r\n\"i,2\",,-1\r\n", writer.ToString());
    }

    [Fact]
    public void Write_RowWithWrongWidth_Throws()
    {
        Assert.Throws<ArgumentException>(() => CsvExport.Write(new StringWriter(), ["a", "b"], [["only one"]]));
    }

    [Fact]
    public void WriteFile_Always_Utf8WithByteOrderMark()
    {
        var path = Path.Combine(Path.GetTempPath(), "quality-csv-" + Guid.NewGuid().ToString("N") + ".csv");
        try
        {
            CsvExport.WriteFile(path, ["name"], [["Zoë"]]);

            var bytes = File.ReadAllBytes(path);
            Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
            Assert.Equal("name\r\nZoë\r\n", new UTF8Encoding(false).GetString(bytes[3..]));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
