using System.Buffers;
using System.Collections.Concurrent;

namespace Quality.Ingestion.Json;

/// <summary>
/// A <see cref="JsonArraySplitter"/> run on its own thread: the scan for element boundaries and the UTF-8 check
/// of the next elements overlap with the reading of the current one, which on a large export is the other half of
/// the work. Elements arrive in file order, in batches copied out of the splitter's buffer, through a bounded
/// queue, so memory stays bounded (a few batches of about a megabyte, or one element when it is larger). A
/// splitter error (truncated file, bad separator) reaches the caller after every element before it, exactly as
/// with the splitter alone.
/// </summary>
internal sealed class JsonArrayPipeline : IDisposable
{
    private const int BatchBytes = 1 << 20;
    private const int QueuedBatches = 4;

    private readonly BlockingCollection<Batch> _queue = new(QueuedBatches);
    private readonly ConcurrentBag<Batch> _free = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;
    private Batch? _current;
    private int _index;
    private long _count;
    private long _position;
    private bool _disposed;

    public JsonArrayPipeline(Stream stream, string file)
    {
        _thread = new Thread(() => Produce(stream, file)) { IsBackground = true, Name = "json array splitter" };
        _thread.Start();
    }

    /// <summary>The file offset up to which the input has been consumed (at the end of the current batch).</summary>
    public long Position => _position;

    /// <summary>Elements returned so far.</summary>
    public long Count => _count;

    /// <summary>The next element (its bytes stay valid until the next call) and its file offset; false after the last.</summary>
    public bool Next(out ReadOnlyMemory<byte> element, out long offset)
    {
        while (_current is null || _index == _current.Elements.Count)
        {
            if (_current is not null)
            {
                _position = _current.PositionAfter;
                if (_current.Error is { } error) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(error);
                Recycle(_current);
                _current = null;
            }
            if (!_queue.TryTake(out var next, Timeout.Infinite))
            {
                element = default;
                offset = 0;
                return false;
            }
            _current = next;
            _index = 0;
        }
        var (start, length, at) = _current.Elements[_index++];
        element = _current.Bytes.AsMemory(start, length);
        offset = at;
        _count++;
        return true;
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _stop.Cancel();
        // Unblocks a producer waiting on a full queue.
        while (_queue.TryTake(out var batch)) Recycle(batch);
        _thread.Join();
        while (_queue.TryTake(out var batch)) Recycle(batch);
        if (_current is not null) Recycle(_current);
        while (_free.TryTake(out var batch)) batch.Release();
        _queue.Dispose();
        _stop.Dispose();
    }

    private void Produce(Stream stream, string file)
    {
        var batch = Take();
        try
        {
            using var splitter = new JsonArraySplitter(stream, file);
            while (splitter.Next(out var element, out var offset))
            {
                if (batch.Used + element.Length > batch.Bytes.Length && batch.Elements.Count > 0)
                {
                    batch.PositionAfter = offset;
                    if (!Send(batch)) return;
                    batch = Take();
                }
                batch.Add(element.Span, offset);
            }
            batch.PositionAfter = splitter.Position;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            batch.Error = ex;
        }
        finally
        {
            // The batch in hand is sent, unless the consumer has gone: then it goes back to the pool, once.
            if (_stop.IsCancellationRequested || !Send(batch)) Recycle(batch);
            _queue.CompleteAdding();
        }
    }

    /// <summary>Queues the batch; false when the consumer has gone (the caller still owns the batch).</summary>
    private bool Send(Batch batch)
    {
        try
        {
            _queue.Add(batch, _stop.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private Batch Take() => _free.TryTake(out var batch) ? batch : new Batch();

    private void Recycle(Batch batch)
    {
        batch.Clear();
        _free.Add(batch);
    }

    private sealed class Batch
    {
        public byte[] Bytes = ArrayPool<byte>.Shared.Rent(BatchBytes);
        public readonly List<(int Start, int Length, long Offset)> Elements = [];
        public int Used;
        public long PositionAfter;
        public Exception? Error;

        public void Add(ReadOnlySpan<byte> element, long offset)
        {
            if (Used + element.Length > Bytes.Length)
            {
                // Only an empty batch gets here (see Produce): one element larger than a batch.
                ArrayPool<byte>.Shared.Return(Bytes);
                Bytes = ArrayPool<byte>.Shared.Rent(element.Length);
            }
            element.CopyTo(Bytes.AsSpan(Used));
            Elements.Add((Used, element.Length, offset));
            Used += element.Length;
        }

        public void Clear()
        {
            Elements.Clear();
            Used = 0;
            PositionAfter = 0;
            Error = null;
            // A batch grown for one huge element goes back to the normal size, so memory stays bounded.
            if (Bytes.Length > BatchBytes)
            {
                ArrayPool<byte>.Shared.Return(Bytes);
                Bytes = ArrayPool<byte>.Shared.Rent(BatchBytes);
            }
        }

        public void Release()
        {
            if (Bytes.Length == 0) return;
            ArrayPool<byte>.Shared.Return(Bytes);
            Bytes = [];
        }
    }
}
