using System.Globalization;
using Quality.Analytics;
using Quality.Tests.Support;

namespace Quality.Tests.Analytics.Agreement;

/// <summary>Loads the shared reference datasets (`*.long.csv`: item,annotator,label) as RatingSets.</summary>
internal static class ReferenceDatasets
{
    /// <summary>
    /// A dataset as its oracle records saw it: labels that are all numbers make an ordered numeric field;
    /// <paramref name="categories"/> declares categories beyond the observed ones.
    /// </summary>
    public static RatingSet Load(string group, string dataset, IReadOnlyList<string>? categories = null)
    {
        var path = TestPaths.Shared("reference", group, dataset + ".long.csv");
        var builder = new RatingSetBuilder();
        var labels = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(path).Skip(1))
        {
            if (line.Length == 0) continue;
            var parts = line.Split(',');
            builder.Add(parts[0], parts[1], parts[2]);
            labels.Add(parts[2]);
        }
        var numeric = labels.All(l => double.TryParse(l, NumberStyles.Float, CultureInfo.InvariantCulture, out _));
        return builder.Build(isOrdered: numeric, categories);
    }
}
