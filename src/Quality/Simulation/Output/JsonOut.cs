using System.Globalization;

namespace Quality.Simulation.Output;

/// <summary>
/// A forward-only JSON writer whose output is fixed by the order of calls: key order is the caller's,
/// non-ASCII text is written as raw UTF-8 (as Label Studio does, emoji included), numbers are formatted
/// by the caller. Indented mode puts each member on its own line, except inside inline containers.
/// </summary>
public sealed class JsonOut(TextWriter writer, bool indented = false)
{
    private readonly Stack<Scope> _scopes = new();
    private bool _afterName;

    public JsonOut StartObject(bool inline = false) => Open('{', inline);
    public JsonOut EndObject() => Close('}');
    public JsonOut StartArray(bool inline = false) => Open('[', inline);
    public JsonOut EndArray() => Close(']');

    public JsonOut Name(string name)
    {
        BeforeValue();
        WriteString(writer, name);
        writer.Write(indented && !Inline ? ": " : ":");
        _afterName = true;
        return this;
    }

    public JsonOut String(string? value)
    {
        BeforeValue();
        if (value is null) writer.Write("null");
        else WriteString(writer, value);
        return this;
    }

    public JsonOut Number(long value)
    {
        BeforeValue();
        writer.Write(value.ToString(CultureInfo.InvariantCulture));
        return this;
    }

    /// <summary>A number already formatted by the caller (fixed decimals, so the bytes never depend on a runtime's shortest-round-trip choice).</summary>
    public JsonOut RawNumber(string formatted)
    {
        BeforeValue();
        writer.Write(formatted);
        return this;
    }

    public JsonOut Bool(bool value)
    {
        BeforeValue();
        writer.Write(value ? "true" : "false");
        return this;
    }

    public JsonOut Null()
    {
        BeforeValue();
        writer.Write("null");
        return this;
    }

    public JsonOut Property(string name, string? value) => Name(name).String(value);
    public JsonOut Property(string name, long value) => Name(name).Number(value);
    public JsonOut Property(string name, bool value) => Name(name).Bool(value);

    /// <summary>Writes <paramref name="value"/> as a JSON string: only the quote, the backslash and control characters are escaped.</summary>
    public static void WriteString(TextWriter w, string value)
    {
        w.Write('"');
        var runStart = 0;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c >= 0x20 && c != '"' && c != '\\') continue;
            if (i > runStart) w.Write(value.AsSpan(runStart, i - runStart));
            w.Write(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                '\b' => "\\b",
                '\f' => "\\f",
                _ => "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
            });
            runStart = i + 1;
        }
        if (runStart < value.Length) w.Write(value.AsSpan(runStart));
        w.Write('"');
    }

    private bool Inline => _scopes.Count > 0 && _scopes.Peek().Inline;

    private JsonOut Open(char bracket, bool inline)
    {
        BeforeValue();
        writer.Write(bracket);
        _scopes.Push(new Scope { Inline = inline || Inline });
        return this;
    }

    private JsonOut Close(char bracket)
    {
        var scope = _scopes.Pop();
        if (indented && !scope.Inline && !scope.First) NewLine();
        writer.Write(bracket);
        return this;
    }

    private void BeforeValue()
    {
        if (_afterName)
        {
            _afterName = false;
            return;
        }
        if (_scopes.Count == 0) return;
        var scope = _scopes.Peek();
        if (!scope.First) writer.Write(indented && scope.Inline ? ", " : ",");
        scope.First = false;
        if (indented && !scope.Inline) NewLine();
    }

    private void NewLine()
    {
        writer.Write('\n');
        for (var i = 0; i < _scopes.Count; i++) writer.Write("  ");
    }

    private sealed class Scope
    {
        public bool First = true;
        public bool Inline;
    }
}
