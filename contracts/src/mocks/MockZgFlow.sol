// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title MockZgFlow
/// @notice A local stand-in for 0G Storage's Flow and Market contracts, so the 0G TypeScript SDK's upload
/// (the `market()` and `pricePerSector()` fee lookup, then a real `submit` transaction) runs against anvil.
/// @dev Only what the SDK calls, with the current ABI (`submit(Submission)`, selector 0xbc8c11f8). It is its
/// own market. Each submission starts at the next free segment boundary (or its largest node's, if larger)
/// and is announced with the Flow's `Submit` event, which a fake storage node reads to learn the file's
/// sequence number and position.
contract MockZgFlow {
    /// @notice One Merkle subtree of the file: its root and height (it covers 2^height sectors of 256 B).
    struct SubmissionNode {
        bytes32 root;
        uint256 height;
    }

    /// @notice What is stored: the byte length, free tags and the subtrees, largest first.
    struct SubmissionData {
        uint256 length;
        bytes tags;
        SubmissionNode[] nodes;
    }

    /// @notice A submission and the account it is made for.
    struct Submission {
        SubmissionData data;
        address submitter;
    }

    /// @dev A submission without subtrees has nothing to store.
    error MockZgFlow_EmptySubmission();

    /// @dev The value sent is below the storage fee (sectors × PRICE_PER_SECTOR).
    error MockZgFlow_FeeTooLow(uint256 paid, uint256 fee);

    /// @notice A file was submitted; the Flow contract's event, field for field.
    event Submit(
        address indexed sender,
        bytes32 indexed identity,
        uint256 submissionIndex,
        uint256 startPos,
        uint256 length,
        SubmissionData submission
    );

    /// @notice Fee per 256-byte sector, in wei: small, but not zero, so the SDK's fee must really be paid.
    uint256 public constant PRICE_PER_SECTOR = 1e9;

    /// @notice Sectors per 256 KiB segment: every file starts on a segment boundary, so the SDK's segment
    /// indices (counted from the file's first segment) line up with the flow's.
    uint256 public constant SECTORS_PER_SEGMENT = 1024;

    /// @notice How many submissions were made (the next one's index).
    uint256 public submissionCount;

    /// @notice The first free sector of the flow.
    uint256 public nextSector;

    /// @notice The market whose `pricePerSector` prices submissions: this contract.
    function market() external view returns (address payable) {
        return payable(address(this));
    }

    /// @notice The storage fee per 256-byte sector, in wei.
    function pricePerSector() external pure returns (uint256) {
        return PRICE_PER_SECTOR;
    }

    /// @notice Appends a file to the flow.
    /// @dev Emits a {Submit} event. Requirements: at least one node; `msg.value` at least the fee.
    /// @param submission The file's subtrees and submitter, as the SDK builds them.
    /// @return index The submission's sequence number.
    /// @return digest A hash of the submission data.
    /// @return startIndex The sector the file starts at.
    /// @return length The sectors it occupies.
    function submit(Submission calldata submission)
        external
        payable
        returns (uint256 index, bytes32 digest, uint256 startIndex, uint256 length)
    {
        // Check:
        SubmissionNode[] calldata nodes = submission.data.nodes;
        if (nodes.length == 0) revert MockZgFlow_EmptySubmission();
        for (uint256 i = 0; i < nodes.length; ++i) {
            length += 2 ** nodes[i].height;
        }
        uint256 fee = length * PRICE_PER_SECTOR;
        if (msg.value < fee) revert MockZgFlow_FeeTooLow(msg.value, fee);

        // Effect:
        uint256 align = 2 ** nodes[0].height;
        if (align < SECTORS_PER_SEGMENT) align = SECTORS_PER_SEGMENT;
        startIndex = (nextSector + align - 1) / align * align;
        nextSector = startIndex + length;
        index = submissionCount++;
        digest = keccak256(abi.encode(submission.data));
        emit Submit(msg.sender, digest, index, startIndex, length, submission.data);
    }
}
