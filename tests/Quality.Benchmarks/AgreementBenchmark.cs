using System.Diagnostics;
using System.Globalization;
using Quality.Analytics;
using Quality.Analytics.Agreement;

namespace Quality.Benchmarks;

/// <summary>
/// Wall-clock timing of <see cref="AgreementCalculator.Compute"/> (every coefficient of one field) on generated
/// data: raters copy a hidden label with probability 0.7, else pick uniformly; each cell is missing with
/// probability <c>missing</c>. Generation is not timed. Returns one line per run, ready to print.
/// </summary>
public static class AgreementBenchmark
{
    public static IReadOnlyList<string> Run(int items = 1_000_000, int raters = 5, double missing = 0.1, int classes = 5,
        int bootstrapReplicates = 0, int repeats = 3, int seed = 1)
    {
        var ratings = Generate(items, raters, missing, classes, seed);
        var options = new AgreementOptions { BootstrapReplicates = bootstrapReplicates };

        var lines = new List<string>();
        for (var r = 0; r < repeats; r++)
        {
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            var result = AgreementCalculator.Compute(ratings, options);
            watch.Stop();
            cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"agreement: {items} items x {raters} raters, {missing:P0} missing, {classes} classes, {ratings.Count} answers, " +
                $"bootstrap B={bootstrapReplicates}: {watch.Elapsed.TotalMilliseconds:F0} ms wall, {cpu.TotalMilliseconds:F0} ms CPU (alpha nominal {result.Alpha.Nominal.Value})"));
        }
        return lines;
    }

    private static RatingSet Generate(int items, int raters, double missing, int classes, int seed)
    {
        var random = new Random(seed);
        var capacity = (int)(items * (long)raters * (1 - missing) * 1.01) + 16;
        var itemCodes = new List<int>(capacity);
        var raterCodes = new List<int>(capacity);
        var labels = new List<int>(capacity);
        for (var i = 0; i < items; i++)
        {
            var truth = random.Next(classes);
            for (var r = 0; r < raters; r++)
            {
                if (random.NextDouble() < missing) continue;
                itemCodes.Add(i);
                raterCodes.Add(r);
                labels.Add(random.NextDouble() < 0.7 ? truth : random.Next(classes));
            }
        }
        static string[] Names(string prefix, int n) => Enumerable.Range(0, n).Select(k => prefix + k.ToString(CultureInfo.InvariantCulture)).ToArray();
        var labelNames = Names("", classes).Select(s => (int.Parse(s, CultureInfo.InvariantCulture) + 1).ToString(CultureInfo.InvariantCulture)).ToArray();
        return new RatingSet([.. itemCodes], [.. raterCodes], [.. labels], Names("i", items), Names("r", raters), labelNames,
            isOrdered: true, labelValues: labelNames.Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToArray());
    }
}
