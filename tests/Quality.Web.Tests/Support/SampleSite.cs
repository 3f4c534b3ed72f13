using System.Text.RegularExpressions;

namespace Quality.Web.Tests.Support;

/// <summary>One web host over the sample project, shared by the tests of the "Sample site" collection (it is slow to analyse).</summary>
public sealed class SampleSite : IDisposable
{
    public SampleSite()
    {
        Factory = new QualityWebFactory(sampleDir: WebTestPaths.SampleData);
        Client = Factory.CreateClient();
        // The first page waits for the sample import and analysis.
        Client.GetStringAsync("/").GetAwaiter().GetResult();
    }

    public QualityWebFactory Factory { get; }
    public HttpClient Client { get; }

    public const string ProjectName = "Sample: product reviews";
    public const int ProjectId = 1;

    public void Dispose()
    {
        Client.Dispose();
        Factory.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class SampleSiteCollection : ICollectionFixture<SampleSite>
{
    public const string Name = "Sample site";
}

/// <summary>Reads the numbers out of a page: tables carry data-col and full-precision data-value attributes.</summary>
public static class PageTables
{
    /// <summary>Rows of the table with data-table="<paramref name="table"/>": key → (column → data-value).</summary>
    public static Dictionary<string, Dictionary<string, string>> Rows(string html, string table)
    {
        var start = html.IndexOf($"data-table=\"{table}\"", StringComparison.Ordinal);
        Assert.True(start >= 0, $"the page has a table {table}");
        var end = html.IndexOf("</table>", start, StringComparison.Ordinal);
        var body = html[start..end];
        var rows = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        foreach (Match row in Regex.Matches(body, "<tr data-key=\"([^\"]*)\">(.*?)</tr>", RegexOptions.Singleline))
        {
            var cells = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (Match cell in Regex.Matches(row.Groups[2].Value, "data-col=\"([^\"]+)\" data-value=\"([^\"]*)\"(?: data-lower=\"([^\"]*)\" data-upper=\"([^\"]*)\")?"))
            {
                cells[cell.Groups[1].Value] = System.Net.WebUtility.HtmlDecode(cell.Groups[2].Value);
                if (cell.Groups[3].Success)
                {
                    cells[cell.Groups[1].Value + "_lower"] = cell.Groups[3].Value;
                    cells[cell.Groups[1].Value + "_upper"] = cell.Groups[4].Value;
                }
            }
            rows[System.Net.WebUtility.HtmlDecode(row.Groups[1].Value)] = cells;
        }
        return rows;
    }

    public static string Kpi(string page, string name) =>
        System.Net.WebUtility.HtmlDecode(Regex.Match(page, $"data-kpi=\"{name}\">([^<]*)<").Groups[1].Value);
}
