using System.Text.Json;
using Hotswap.Contracts.Models;

namespace Hotswap.InferenceHost.Serving.Inputs;

/// <summary>
/// Reads JSON values (nested arrays of scalars, or one scalar) into one input's <see cref="TensorBuffer"/>, tracking
/// the shape and refusing ragged arrays, wrong types and nesting deeper than the input's rank. A refused value is named
/// by its row (the first dimension) and its column (its place within the row). Values can come whole
/// (<c>"inputs": [[...]]</c>) or a row at a time (<c>instances</c>, dataframe rows), in which case the row count
/// becomes the first dimension.
/// </summary>
public sealed class TensorAssembler : IDisposable
{
    private const int MaxRank = 8;
    private readonly TensorSpec _spec;
    private readonly string _where;
    private readonly int _elementBudget;
    private readonly long[] _dims = new long[MaxRank];
    private TensorBuffer? _buffer;
    private int _rank = -1;
    private int _rows;
    private int _rowStart;

    public TensorAssembler(TensorSpec spec, string where, int elementBudget)
    {
        if (!ValueTypes.IsServedInput(spec.DType))
        {
            throw PredictionInputException.BadRequest($"{where}: inputs of type {spec.DType} are not supported.");
        }

        _spec = spec;
        _where = where;
        _elementBudget = elementBudget;
        _buffer = TensorBuffer.For(spec.DType);
    }

    public int Count => _buffer!.Count;

    /// <summary>Adds one value: the whole tensor, or (with <see cref="AddRow"/>) one row of it.</summary>
    public void Add(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = MaxRank + 2 });
        try
        {
            reader.Read();
            Span<long> shape = stackalloc long[MaxRank];
            var known = 0;
            var rank = ReadValue(ref reader, shape, 0, ref known);
            CheckRank(rank, shape);
        }
        catch (JsonException e)
        {
            throw PredictionInputException.BadRequest($"{_where}: {e.Message}");
        }
    }

    public void AddRow(ReadOnlySpan<byte> json)
    {
        _rows++;
        _rowStart = _buffer!.Count;
        Add(json);
    }

    /// <summary>The finished tensor, its shape fitted to the signature (a missing batch or trailing 1 is added).</summary>
    public InputTensor Build()
    {
        var parsed = _rows > 0
            ? [_rows, .. _dims.AsSpan(0, Math.Max(_rank, 0))]
            : _dims.AsSpan(0, Math.Max(_rank, 0)).ToArray();
        var shape = Fit(parsed) ?? throw PredictionInputException.BadRequest(
            $"{_where}: expected shape [{string.Join(",", _spec.Shape)}], got [{string.Join(",", parsed)}].");
        var tensor = new InputTensor(_spec, _buffer!, shape);
        _buffer = null;
        return tensor;
    }

    public void Dispose() => _buffer?.Dispose();

    /// <summary>Reads one value; returns the depth of its scalars. <paramref name="known"/> flags the dimensions already measured.</summary>
    private int ReadValue(ref Utf8JsonReader reader, scoped Span<long> shape, int depth, ref int known)
    {
        var token = reader.TokenType;
        if (token != JsonTokenType.StartArray)
        {
            if (!_buffer!.Takes(token))
            {
                throw PredictionInputException.BadRequest($"{At(shape, known)}: expected {_buffer.Expects}, found {Describe(ref reader)}.");
            }

            if (_buffer.Count >= _elementBudget)
            {
                throw PredictionInputException.TooLarge($"{_where}: more than {_elementBudget} elements (Predict:MaxTensorElements).");
            }

            if (!_buffer.TryAppend(ref reader))
            {
                throw PredictionInputException.BadRequest($"{At(shape, known)}: {Describe(ref reader)} is not a valid {_spec.DType}.");
            }

            return depth;
        }

        if (depth >= _spec.Shape.Count || depth >= MaxRank)
        {
            throw PredictionInputException.BadRequest($"{_where}: arrays nested deeper than the input's shape [{string.Join(",", _spec.Shape)}].");
        }

        long length = 0;
        var leafDepth = depth + 1;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (depth == 0 && _rows == 0)
            {
                _rowStart = _buffer!.Count;
            }

            var d = ReadValue(ref reader, shape, depth + 1, ref known);
            if (length > 0 && d != leafDepth)
            {
                throw PredictionInputException.BadRequest($"{_where}: arrays of different depths (a ragged tensor).");
            }

            leafDepth = d;
            length++;
        }

        if ((known & (1 << depth)) == 0)
        {
            shape[depth] = length;
            known |= 1 << depth;
        }
        else if (shape[depth] != length)
        {
            throw PredictionInputException.BadRequest($"{_where}: rows of different lengths ({shape[depth]} and {length}).");
        }

        return leafDepth;
    }

    private void CheckRank(int rank, ReadOnlySpan<long> shape)
    {
        if (_rank < 0)
        {
            _rank = rank;
            shape[..rank].CopyTo(_dims);
        }
        else if (rank != _rank || !shape[..rank].SequenceEqual(_dims.AsSpan(0, rank)))
        {
            throw PredictionInputException.BadRequest($"{_where}: rows of different shapes.");
        }
    }

    private long[]? Fit(long[] parsed)
    {
        var expected = _spec.Shape;
        long[][] candidates = [parsed, [1, .. parsed], [.. parsed, 1]];
        foreach (var candidate in candidates)
        {
            if (candidate.Length == expected.Count && candidate.Select((d, i) => expected[i] < 0 || expected[i] == d).All(ok => ok) && candidate.Aggregate(1L, (a, d) => a * d) == _buffer!.Count)
            {
                return candidate;
            }
        }

        return expected.Count == 0 && parsed.Length == 0 ? [] : null;
    }

    /// <summary>
    /// The input, row and column of the value being read. Rows of a whole tensor all hold as many values as the first
    /// (measured in <paramref name="shape"/> once it is read), so a row's index follows from where it starts.
    /// </summary>
    private string At(scoped ReadOnlySpan<long> shape, int known)
    {
        var width = 1L;
        for (var d = 1; d < MaxRank; d++)
        {
            width *= (known & (1 << d)) != 0 ? shape[d] : 1;
        }

        var row = _rows > 0 ? _rows - 1 : _rowStart / Math.Max(1, width);
        return $"{_where} row {row} column {_buffer!.Count - _rowStart}";
    }

    private static string Describe(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.String => $"the string \"{Shorten(reader.GetString())}\"",
        JsonTokenType.Number => $"the number {Shorten(System.Text.Encoding.UTF8.GetString(reader.ValueSpan))}",
        JsonTokenType.True => "true",
        JsonTokenType.False => "false",
        JsonTokenType.Null => "null",
        JsonTokenType.StartObject => "an object",
        _ => reader.TokenType.ToString(),
    };

    private static string Shorten(string? s) => s is null ? "" : s.Length <= 40 ? s : s[..40] + "…";
}
