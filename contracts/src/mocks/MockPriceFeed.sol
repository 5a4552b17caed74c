// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title MockPriceFeed
/// @notice A Chainlink AggregatorV3-shaped price feed for local and test chains: its deployer sets the
/// round it reports, including stale, non-positive and unfinished (answeredInRound < roundId) rounds.
contract MockPriceFeed {
    /// @dev Someone other than the deployer tried to set a round.
    error MockPriceFeed_NotOwner(address caller);

    /// @notice A new round was set.
    event RoundSet(uint80 indexed roundId, int256 answer, uint256 updatedAt, uint80 answeredInRound);

    /// @notice Who may set rounds: the deployer.
    address public immutable OWNER;

    uint8 private immutable DECIMALS;

    /// @notice Human-readable pair, as Chainlink names it ("USDC / USD").
    string public description;

    // One round is enough for a mock: `startedAt` is reported equal to `updatedAt`.
    uint80 private _roundId;
    int256 private _answer;
    uint256 private _updatedAt;
    uint80 private _answeredInRound;

    /// @param decimals_ How many decimals `answer` has (8 for the USD pairs).
    /// @param description_ The pair, e.g. "USDC / USD".
    constructor(uint8 decimals_, string memory description_) {
        OWNER = msg.sender;
        DECIMALS = decimals_;
        description = description_;
    }

    /// @notice Sets the round `latestRoundData` reports.
    /// @param roundId_ The round id.
    /// @param answer_ The price, scaled by 10^decimals; zero or negative to test rejection.
    /// @param updatedAt_ Unix seconds of the answer; an old one to test staleness.
    /// @param answeredInRound_ The round the answer was computed in; below `roundId_` for a carried-over
    /// answer.
    function setRound(uint80 roundId_, int256 answer_, uint256 updatedAt_, uint80 answeredInRound_) external {
        if (msg.sender != OWNER) revert MockPriceFeed_NotOwner(msg.sender);
        _roundId = roundId_;
        _answer = answer_;
        _updatedAt = updatedAt_;
        _answeredInRound = answeredInRound_;
        emit RoundSet(roundId_, answer_, updatedAt_, answeredInRound_);
    }

    /// @notice How many decimals `answer` has.
    function decimals() external view returns (uint8) {
        return DECIMALS;
    }

    /// @notice Interface version; Chainlink's current aggregators report 4.
    function version() external pure returns (uint256) {
        return 4;
    }

    /// @notice The round last set, in AggregatorV3Interface's order.
    /// @return roundId The round id.
    /// @return answer The price, scaled by 10^decimals.
    /// @return startedAt Unix seconds the round started.
    /// @return updatedAt Unix seconds of the answer.
    /// @return answeredInRound The round the answer was computed in.
    function latestRoundData()
        external
        view
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
    {
        return (_roundId, _answer, _updatedAt, _updatedAt, _answeredInRound);
    }
}
