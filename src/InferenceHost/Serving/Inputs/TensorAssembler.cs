using System.Runtime.CompilerServices;
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
    private readonly ServedModel _model;
    private readonly int _elementBudget;
    private Dimensions _dims;
    private TensorBuffer? _buffer;
    private int _rank = -1;
    private int _rows;
    private int _rowStart;

    public TensorAssembler(TensorSpec spec, ServedModel model, int elementBudget)
    {
        _spec = spec;
        _model = model;
        if (!ValueTypes.IsServedInput(spec.DType))
        {
            throw PredictionInputException.BadRequest($"{Where}: inputs of type {spec.DType} are not supported.");
        }

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
            throw PredictionInputException.BadRequest($"{Where}: {e.Message}");
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
        Span<long> parsed = stackalloc long[MaxRank + 1];
        var rank = Math.Max(_rank, 0);
        var length = 0;
        if (_rows > 0)
        {
            parsed[length++] = _rows;
        }

        ((ReadOnlySpan<long>)_dims)[..rank].CopyTo(parsed[length..]);
        parsed = parsed[..(length + rank)];
        var shape = Fit(parsed) ?? throw PredictionInputException.BadRequest(
            $"{Where}: expected shape [{string.Join(",", _spec.Shape)}], got [{string.Join(",", parsed.ToArray())}].");
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
                throw PredictionInputException.TooLarge($"{Where}: more than {_elementBudget} elements (Predict:MaxTensorElements).");
            }

            if (!_buffer.TryAppend(ref reader))
            {
                throw PredictionInputException.BadRequest($"{At(shape, known)}: {Describe(ref reader)} is not a valid {_spec.DType}.");
            }

            return depth;
        }

        if (depth >= _spec.Shape.Count || depth >= MaxRank)
        {
            throw PredictionInputException.BadRequest($"{Where}: arrays nested deeper than the input's shape [{string.Join(",", _spec.Shape)}].");
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
                throw PredictionInputException.BadRequest($"{Where}: arrays of different depths (a ragged tensor).");
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
            throw PredictionInputException.BadRequest($"{Where}: rows of different lengths ({shape[depth]} and {length}).");
        }

        return leafDepth;
    }

    private void CheckRank(int rank, ReadOnlySpan<long> shape)
    {
        Span<long> dims = _dims;
        if (_rank < 0)
        {
            _rank = rank;
            shape[..rank].CopyTo(dims);
        }
        else if (rank != _rank || !shape[..rank].SequenceEqual(dims[..rank]))
        {
            throw PredictionInputException.BadRequest($"{Where}: rows of different shapes.");
        }
    }

    /// <summary>
    /// The shape of the signature's rank that <paramref name="parsed"/> means: itself, or with a batch of 1 added in
    /// front, or a 1 at the end (for an input without dimensions, the empty shape); null when none holds the values read.
    /// </summary>
    private long[]? Fit(ReadOnlySpan<long> parsed)
    {
        Span<long> candidate = stackalloc long[parsed.Length + 1];
        parsed.CopyTo(candidate);
        if (Fits(candidate[..parsed.Length]))
        {
            return parsed.ToArray();
        }

        candidate[0] = 1;
        parsed.CopyTo(candidate[1..]);
        if (Fits(candidate))
        {
            return candidate.ToArray();
        }

        parsed.CopyTo(candidate);
        candidate[^1] = 1;
        return Fits(candidate) ? candidate.ToArray() : _spec.Shape.Count == 0 && parsed.Length == 0 ? [] : null;
    }

    private bool Fits(ReadOnlySpan<long> candidate)
    {
        var expected = _spec.Shape;
        if (candidate.Length != expected.Count)
        {
            return false;
        }

        var elements = 1L;
        for (var i = 0; i < candidate.Length; i++)
        {
            if (expected[i] >= 0 && expected[i] != candidate[i])
            {
                return false;
            }

            elements *= candidate[i];
        }

        return elements == _buffer!.Count;
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
        return $"{Where} row {row} column {_buffer!.Count - _rowStart}";
    }

    /// <summary>The input, for messages: formatted only when one is written, so a request that binds allocates no text.</summary>
    private string Where => $"{InputBinder.Name(_model)} input '{_spec.Name}'";

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

    /// <summary>The measured dimensions, inline so an assembler is one allocation.</summary>
    [InlineArray(MaxRank)]
    private struct Dimensions
    {
        private long _first;
    }
}
