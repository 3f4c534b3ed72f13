using System.Globalization;

namespace Quality.Cli;

/// <summary>GNU-style arguments: positionals, `--name value`, `--name=value`, `--flag`, `-o value`.</summary>
public sealed class CliArgs
{
    private static readonly Dictionary<string, string> ShortNames = new() { ["o"] = "out" };
    private readonly Dictionary<string, List<string>> _options = new(StringComparer.Ordinal);
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    public List<string> Positionals { get; } = [];

    public static CliArgs Parse(IReadOnlyList<string> args)
    {
        var result = new CliArgs();
        for (var i = 0; i < args.Count; i++)
        {
            var a = args[i];
            if (a.StartsWith("--", StringComparison.Ordinal) && a.Length > 2)
            {
                var body = a[2..];
                var eq = body.IndexOf('=');
                if (eq >= 0) result.Add(body[..eq], body[(eq + 1)..]);
                // A flag followed by another option (`--no-store -o FILE`) takes no value.
                else if (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal) && !IsShortOption(args[i + 1])) result.Add(body, args[++i]);
                else result.Add(body, null);
            }
            else if (a.Length == 2 && a[0] == '-' && ShortNames.TryGetValue(a[1..], out var longName))
            {
                if (i + 1 >= args.Count) throw new CliUsageException($"{a} needs a value");
                result.Add(longName, args[++i]);
            }
            else result.Positionals.Add(a);
        }
        return result;
    }

    private static bool IsShortOption(string a) => a.Length == 2 && a[0] == '-' && ShortNames.ContainsKey(a[1..]);

    private void Add(string name, string? value)
    {
        if (!_options.TryGetValue(name, out var list)) _options[name] = list = [];
        if (value is not null) list.Add(value);
    }

    /// <summary>Flags are options given without a value; `--json` and `--json=true` both count.</summary>
    public bool Has(string name)
    {
        _used.Add(name);
        return _options.ContainsKey(name);
    }

    public bool Flag(string name) => Has(name) && (_options[name].Count == 0 || _options[name][^1] is "true" or "1" or "yes");

    public string? Get(string name)
    {
        _used.Add(name);
        return _options.TryGetValue(name, out var v) && v.Count > 0 ? v[^1] : null;
    }

    public IReadOnlyList<string> GetAll(string name)
    {
        _used.Add(name);
        return _options.TryGetValue(name, out var v) ? v : [];
    }

    public string Require(string name) => Get(name) ?? throw new CliUsageException($"--{name} is required");

    public int GetInt(string name, int defaultValue)
    {
        var s = Get(name);
        if (s is null) return defaultValue;
        return int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v)
            ? v : throw new CliUsageException($"--{name} takes a whole number, not '{s}'");
    }

    public double GetDouble(string name, double defaultValue)
    {
        var s = Get(name);
        if (s is null) return defaultValue;
        return double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v)
            ? v : throw new CliUsageException($"--{name} takes a number, not '{s}'");
    }

    /// <summary>Call after reading every option: a typo such as `--projet` is an error, not silently ignored.</summary>
    public void RejectUnknown()
    {
        var unknown = _options.Keys.Where(k => !_used.Contains(k)).ToList();
        if (unknown.Count > 0) throw new CliUsageException($"unknown option --{unknown[0]}");
    }
}
