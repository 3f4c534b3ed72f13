using System.Collections.Concurrent;
using DuckDB.NET.Data;

namespace Quality.Ingestion;

/// <summary>
/// Writes staged rows into the DuckDB appenders on a second thread, so that parsing a file and appending its rows
/// overlap (each costs about as much as the other on a large import). Rows travel in batches through a bounded
/// queue; the importer's thread only fills arrays. Nothing else may use the connection until <see cref="Complete"/>.
/// </summary>
internal sealed class StagingWriter : IDisposable
{
    private const int BatchSize = 4096;
    private const int QueuedBatches = 8;

    private readonly DuckDBAppender _annotations, _gold, _items, _annotators;
    private readonly BlockingCollection<Batch> _queue = new(QueuedBatches);
    private readonly ConcurrentBag<Batch> _free = [];
    private readonly Thread _thread;
    private Batch _current;
    private volatile Exception? _failure;
    private bool _finished, _closed;

    public StagingWriter(DuckDBConnection connection)
    {
        _annotations = connection.CreateAppender("temp", "main", "stg_annotations");
        _gold = connection.CreateAppender("temp", "main", "stg_gold");
        _items = connection.CreateAppender("temp", "main", "stg_items");
        _annotators = connection.CreateAppender("temp", "main", "stg_annotators");
        _current = new Batch();
        _thread = new Thread(Run) { IsBackground = true, Name = "import staging" };
        _thread.Start();
    }

    public void Annotation(in AnnotationRow row)
    {
        _current.Annotations[_current.AnnotationCount++] = row;
        if (_current.AnnotationCount == BatchSize) Send();
    }

    public void Gold(in GoldRow row)
    {
        _current.Gold[_current.GoldCount++] = row;
        if (_current.GoldCount == BatchSize) Send();
    }

    public void Item(string key, string? text, string? media)
    {
        _current.Items[_current.ItemCount++] = (key, text, media);
        if (_current.ItemCount == BatchSize) Send();
    }

    public void Annotator(string key, string? displayName)
    {
        _current.Annotators[_current.AnnotatorCount++] = (key, displayName);
        if (_current.AnnotatorCount == BatchSize) Send();
    }

    /// <summary>Sends what is left, waits for the writer thread and flushes the appenders.</summary>
    public void Complete()
    {
        Send();
        Finish();
        if (_failure is { } failure) throw new QualityException("staging the import failed: " + failure.Message, failure);
        _annotations.Close();
        _gold.Close();
        _items.Close();
        _annotators.Close();
        _closed = true;
    }

    public void Dispose()
    {
        Finish();
        if (!_closed)
        {
            foreach (var a in new[] { _annotations, _gold, _items, _annotators })
            {
                try { a.Dispose(); } catch (DuckDBException) { }
            }
        }
        _queue.Dispose();
    }

    private void Finish()
    {
        if (_finished) return;
        _finished = true;
        _queue.CompleteAdding();
        _thread.Join();
    }

    private void Send()
    {
        if (_failure is { } failure) throw new QualityException("staging the import failed: " + failure.Message, failure);
        if (_current.IsEmpty) return;
        _queue.Add(_current);
        _current = _free.TryTake(out var batch) ? batch : new Batch();
    }

    private void Run()
    {
        foreach (var batch in _queue.GetConsumingEnumerable())
        {
            // After a failure keep draining, so that the importer's thread never blocks on a full queue.
            if (_failure is null)
            {
                try
                {
                    Write(batch);
                }
                catch (Exception ex)
                {
                    _failure = ex;
                }
            }
            batch.Clear();
            _free.Add(batch);
        }
    }

    private void Write(Batch b)
    {
        for (var i = 0; i < b.ItemCount; i++)
        {
            var (key, text, media) = b.Items[i];
            _items.CreateRow().AppendValue(key).AppendValue(text).AppendValue(media).EndRow();
        }
        for (var i = 0; i < b.AnnotatorCount; i++)
        {
            var (key, name) = b.Annotators[i];
            _annotators.CreateRow().AppendValue(key).AppendValue(name).EndRow();
        }
        for (var i = 0; i < b.AnnotationCount; i++)
        {
            ref readonly var row = ref b.Annotations[i];
            _annotations.CreateRow()
                .AppendValue(row.ItemKey).AppendValue(row.Field).AppendValue(row.Annotator)
                .AppendValue(row.Value).AppendValue(row.ValueNum).AppendValue(row.Geometry)
                .AppendValue(row.CreatedAtUtc).AppendValue(row.LeadTimeS).AppendValue(row.SourceId).AppendValue(row.Review)
                .AppendValue(row.Line)
                .EndRow();
        }
        for (var i = 0; i < b.GoldCount; i++)
        {
            ref readonly var row = ref b.Gold[i];
            _gold.CreateRow()
                .AppendValue(row.ItemKey).AppendValue(row.Field).AppendValue(row.Value).AppendValue(row.ValueNum)
                .AppendValue(row.Geometry).AppendValue(row.Line)
                .EndRow();
        }
    }

    private sealed class Batch
    {
        public readonly AnnotationRow[] Annotations = new AnnotationRow[BatchSize];
        public readonly GoldRow[] Gold = new GoldRow[BatchSize];
        public readonly (string, string?, string?)[] Items = new (string, string?, string?)[BatchSize];
        public readonly (string, string?)[] Annotators = new (string, string?)[BatchSize];
        public int AnnotationCount, GoldCount, ItemCount, AnnotatorCount;

        public bool IsEmpty => AnnotationCount + GoldCount + ItemCount + AnnotatorCount == 0;

        // Drops the references, so a batch waiting in the pool keeps no strings alive.
        public void Clear()
        {
            Array.Clear(Annotations, 0, AnnotationCount);
            Array.Clear(Gold, 0, GoldCount);
            Array.Clear(Items, 0, ItemCount);
            Array.Clear(Annotators, 0, AnnotatorCount);
            AnnotationCount = GoldCount = ItemCount = AnnotatorCount = 0;
        }
    }
}
