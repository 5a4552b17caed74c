// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

import {IProviderRegistry} from "../../../../src/interfaces/IProviderRegistry.sol";
import {Errors} from "../../../../src/libraries/Errors.sol";
import {Job} from "../../../../src/types/Job.sol";
import {Listing} from "../../../../src/types/Listing.sol";
import {Base} from "../../../utils/Base.t.sol";
import {BlacklistToken} from "./BlacklistToken.sol";

/// @notice What every ComputeRouter test shares on top of `Base`: a default job (2 GPUs × 10 h on the fixed
/// 2 USDC listing), builders for each job status, balance snapshots and reputation assertions.
abstract contract RouterTest is Base {
    bytes32 internal constant ROOT = keccak256("decision-log-root");
    bytes32 internal constant OTHER_ROOT = keccak256("other-decision-log-root");
    bytes32 internal constant WRONG_SALT = keccak256("wrong salt");
    uint16 internal constant GPUS = 2;
    uint24 internal constant HOURS = 10;
    uint24 internal constant HOURS_USED = 6;
    /// @dev 2 USDC × 2 GPUs × 10 h = 40 USDC.
    uint96 internal constant AMOUNT = PRICE * GPUS * HOURS;
    /// @dev 6 of 10 hours used: 24 USDC earned, 16 USDC back.
    uint96 internal constant EARNED = AMOUNT * HOURS_USED / HOURS;
    /// @dev The fixed listing's size in `Base`.
    uint16 internal constant LISTING_GPUS = 8;
    /// @dev `ComputeRouter._jobs` is at slot 5 (`forge inspect ComputeRouter storageLayout`).
    uint256 internal constant JOBS_SLOT = 5;
    /// @dev The EIP-712 types spelled out as a relayer or wallet would, rather than read from the contract.
    bytes32 internal constant DOMAIN_TYPEHASH =
        keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)");
    bytes32 internal constant ATTESTATION_TYPEHASH = keccak256(
        "Attestation(bytes32 root,uint32 logLength,uint32 listingId,uint16 gpus,uint24 hoursBooked,"
        "uint96 maxUnitPrice,bytes20 client,bool tracked,uint64 team,uint64 expiry)"
    );
    bytes32 internal constant EXTERNAL_ATTESTATION_TYPEHASH = keccak256(
        "ExternalAttestation(bytes32 root,uint32 logLength,bytes32 providerId,bytes32 offerHash,uint16 gpus,"
        "uint24 hoursBooked,uint96 usdPerGpuHour,bytes20 client,bool tracked,uint64 team,uint64 expiry)"
    );

    address internal treasury = makeAddr("treasury");

    uint40 internal startWindow;
    uint40 internal endGrace;
    uint40 internal challengeWindow;
    uint40 internal arbitrationPeriod;
    bytes32 internal routerKeyRole;
    bytes32 internal arbiterRole;
    bytes32 internal pauserRole;
    bytes32 internal adminRole;

    /// @dev Token balances of every party a job touches.
    struct Balances {
        uint256 client;
        uint256 payout;
        uint256 provider;
        uint256 router;
        uint256 registry;
        uint256 treasury;
        uint256 stranger;
    }

    function setUp() public virtual override {
        Base.setUp();
        startWindow = router.START_WINDOW();
        endGrace = router.END_GRACE();
        challengeWindow = router.CHALLENGE_WINDOW();
        arbitrationPeriod = router.ARBITRATION_PERIOD();
        routerKeyRole = router.ROUTER_KEY_ROLE();
        arbiterRole = router.ARBITER_ROLE();
        pauserRole = router.PAUSER_ROLE();
        adminRole = router.DEFAULT_ADMIN_ROLE();
        vm.label(address(router), "ComputeRouter");
        vm.label(address(registry), "ProviderRegistry");
        vm.label(address(usdc), "USDC");
        vm.label(address(akt), "AKT");
    }

    // Jobs in each status (the default job, created by `client`; Untracked ones commit to `SALT`)

    function _fundedJob(bool tracked) internal returns (bytes32) {
        return tracked ? _createJob(ROOT, GPUS, HOURS) : _createUntrackedJob(ROOT, GPUS, HOURS);
    }

    function _startedJob(bool tracked) internal returns (bytes32 jobId) {
        jobId = _fundedJob(tracked);
        _start(jobId);
    }

    function _completedJob(bool tracked) internal returns (bytes32 jobId) {
        jobId = _startedJob(tracked);
        _complete(jobId, HOURS_USED);
    }

    /// @dev Disputed inside the challenge window of a completed job.
    function _disputedJob(bool tracked) internal returns (bytes32 jobId) {
        jobId = _completedJob(tracked);
        _dispute(jobId);
    }

    function _releasedJob(bool tracked) internal returns (bytes32 jobId) {
        jobId = _completedJob(tracked);
        vm.prank(client);
        router.release(jobId, SALT);
    }

    function _refundedJob(bool tracked) internal returns (bytes32 jobId) {
        jobId = _fundedJob(tracked);
        vm.warp(block.timestamp + startWindow + 1);
        router.refund(jobId);
    }

    function _resolvedJob(bool tracked) internal returns (bytes32 jobId) {
        jobId = _disputedJob(tracked);
        vm.prank(arbiter);
        router.resolve(jobId, AMOUNT / 2, AMOUNT / 2, 0, false);
    }

    function _dispute(bytes32 jobId) internal {
        vm.prank(client);
        router.dispute(jobId, SALT);
    }

    /// @dev A job on any listing; Untracked terms commit to (`client`, `SALT`).
    function _termsOn(uint32 listingId, bytes32 root, uint16 gpus, uint24 hoursBooked, bool tracked)
        internal
        view
        returns (Job.Terms memory)
    {
        return tracked
            ? _terms(root, listingId, gpus, hoursBooked)
            : _untrackedTerms(root, listingId, gpus, hoursBooked);
    }

    function _submit(Job.Terms memory t) internal returns (bytes32) {
        bytes memory sig = _sign(t);
        vm.prank(client);
        return router.createJob(t, sig);
    }

    // External jobs

    function _externalTerms(bytes32 root, bool tracked) internal view returns (Job.ExternalTerms memory) {
        return Job.ExternalTerms({
            root: root,
            logLength: 2048,
            providerId: bytes32("akash"),
            offerHash: keccak256("akash/dseq-1234/gseq-1/oseq-1"),
            gpus: 4,
            hoursBooked: 12,
            usdPerGpuHour: 1_450_000,
            client: tracked ? bytes20(client) : router.clientCommitment(client, SALT),
            tracked: tracked,
            team: 0,
            expiry: uint64(block.timestamp + 10 minutes)
        });
    }

    function _recordedJob(bool tracked) internal returns (bytes32) {
        Job.ExternalTerms memory t = _externalTerms(ROOT, tracked);
        bytes memory sig = _signExternal(t);
        vm.prank(client);
        return router.recordExternalJob(t, sig);
    }

    function _updateExternal(bytes32 jobId, Job.Status status) internal {
        vm.prank(client);
        router.updateExternalJob(jobId, SALT, status);
    }

    // Teams, stake, fee

    function _providerKey(address who) internal pure returns (bytes32) {
        return bytes32(uint256(uint160(who)));
    }

    /// @dev A team created by `client`, who holds every role.
    function _createTeam() internal returns (uint64 teamId) {
        vm.prank(client);
        teamId = teams.createTeam("research");
    }

    function _whitelist(uint64 teamId, bytes32 providerKey) internal {
        vm.prank(client);
        teams.setProviderWhitelisted(teamId, providerKey, true);
    }

    function _stake(uint96 amount) internal {
        deal(address(usdc), provider, amount);
        vm.startPrank(provider);
        usdc.approve(address(registry), amount);
        registry.stake(amount);
        vm.stopPrank();
    }

    function _setFee(uint16 feeBps) internal {
        vm.prank(admin);
        router.setFee(feeBps, treasury);
    }

    function _pause() internal {
        vm.prank(pauser);
        router.pause();
    }

    // Snapshots and assertions

    function _balances(address token) internal view returns (Balances memory b) {
        IERC20 t = IERC20(token);
        b = Balances({
            client: t.balanceOf(client),
            payout: t.balanceOf(payout),
            provider: t.balanceOf(provider),
            router: t.balanceOf(address(router)),
            registry: t.balanceOf(address(registry)),
            treasury: t.balanceOf(treasury),
            stranger: t.balanceOf(stranger)
        });
    }

    /// @dev Asserts every party's balance moved by exactly the given signed amounts.
    function _assertDeltas(
        address token,
        Balances memory before,
        int256 dClient,
        int256 dPayout,
        int256 dRouter,
        int256 dRegistry
    ) internal view {
        Balances memory a = _balances(token);
        assertEq(int256(a.client), int256(before.client) + dClient, "client balance");
        assertEq(int256(a.payout), int256(before.payout) + dPayout, "payout balance");
        assertEq(int256(a.router), int256(before.router) + dRouter, "router balance");
        assertEq(int256(a.registry), int256(before.registry) + dRegistry, "registry balance");
        assertEq(a.provider, before.provider, "provider balance");
        assertEq(a.treasury, before.treasury, "treasury balance");
        assertEq(a.stranger, before.stranger, "stranger balance");
    }

    function _assertNoMoneyMoved(Balances memory before) internal view {
        _assertDeltas(address(usdc), before, 0, 0, 0, 0);
    }

    function _reserved(uint32 listingId) internal view returns (uint16) {
        return registry.getListing(listingId).reservedGpus;
    }

    function _rep(
        uint32 completed,
        uint32 noShows,
        uint32 disputesLost,
        uint32 ratingCount,
        uint32 ratingSum,
        uint64 gpuHoursServed
    ) internal pure returns (IProviderRegistry.Reputation memory) {
        return IProviderRegistry.Reputation({
            completed: completed,
            noShows: noShows,
            disputesLost: disputesLost,
            ratingCount: ratingCount,
            ratingSum: ratingSum,
            gpuHoursServed: gpuHoursServed
        });
    }

    function _assertReputation(IProviderRegistry.Reputation memory expected) internal view {
        IProviderRegistry.Reputation memory r = registry.reputationOf(provider);
        assertEq(r.completed, expected.completed, "reputation.completed");
        assertEq(r.noShows, expected.noShows, "reputation.noShows");
        assertEq(r.disputesLost, expected.disputesLost, "reputation.disputesLost");
        assertEq(r.ratingCount, expected.ratingCount, "reputation.ratingCount");
        assertEq(r.ratingSum, expected.ratingSum, "reputation.ratingSum");
        assertEq(r.gpuHoursServed, expected.gpuHoursServed, "reputation.gpuHoursServed");
    }

    function _assertStatus(bytes32 jobId, Job.Status expected) internal view {
        assertEq(uint8(_status(jobId)), uint8(expected), "status");
    }

    function _assertDeadline(bytes32 jobId, uint256 expected) internal view {
        assertEq(router.getJob(jobId).deadline, expected, "deadline");
    }

    function _assertRecord(bytes32 jobId, Job.Record memory e) internal view {
        Job.Record memory r = router.getJob(jobId);
        assertEq(bytes32(r.client), bytes32(e.client), "record.client");
        assertEq(r.amount, e.amount, "record.amount");
        assertEq(r.listingId, e.listingId, "record.listingId");
        assertEq(r.deadline, e.deadline, "record.deadline");
        assertEq(r.hoursBooked, e.hoursBooked, "record.hoursBooked");
        assertEq(r.hoursUsed, e.hoursUsed, "record.hoursUsed");
        assertEq(r.gpus, e.gpus, "record.gpus");
        assertEq(uint8(r.status), uint8(e.status), "record.status");
        assertEq(r.tracked, e.tracked, "record.tracked");
        assertEq(r.rated, e.rated, "record.rated");
        assertEq(r.logLength, e.logLength, "record.logLength");
    }

    function _expectInvalidStatus(bytes32 jobId, Job.Status status) internal {
        vm.expectRevert(abi.encodeWithSelector(Errors.ComputeRouter_InvalidStatus.selector, jobId, status));
    }

    function _expectNotClient(bytes32 jobId, address caller) internal {
        vm.expectRevert(abi.encodeWithSelector(Errors.ComputeRouter_NotClient.selector, jobId, caller));
    }

    /// @dev Storage slot `offset` (0 or 1) of a job's record.
    function _jobSlot(bytes32 jobId, uint256 offset) internal pure returns (bytes32) {
        return bytes32(uint256(keccak256(abi.encode(jobId, JOBS_SLOT))) + offset);
    }

    /// @dev Whether `account`'s 20 bytes appear at any byte offset of `word`.
    function _containsAddress(bytes32 word, address account) internal pure returns (bool) {
        uint256 w = uint256(word);
        uint256 a = uint256(uint160(account));
        for (uint256 shift = 0; shift <= 96; shift += 8) {
            if ((w >> shift) & type(uint160).max == a) return true;
        }
        return false;
    }

    /// @dev Fixed listings of `gpus` GPUs at `price`, in a token that the registry allows.
    function _addTokenListing(address token, uint96 price, uint16 gpus) internal returns (uint32) {
        return _addListing(provider, Listing.PricingModel.Token, token, price, 0, gpus);
    }

    /// @dev A governance-allowed token that can refuse transfers, a listing of `LISTING_GPUS` GPUs at `PRICE`
    /// in it, and `client` funded and approved.
    function _blacklistListing(BlacklistToken.Refusal refusal)
        internal
        returns (BlacklistToken token, uint32 listingId)
    {
        token = new BlacklistToken(refusal);
        vm.label(address(token), "BUSD");
        vm.prank(admin);
        registry.setTokenAllowed(address(token), true);
        listingId = _addTokenListing(address(token), PRICE, LISTING_GPUS);
        token.mint(client, 1_000_000e6);
        vm.prank(client);
        token.approve(address(router), type(uint256).max);
    }

    /// @dev The default job, Completed with `HOURS_USED`, on any listing.
    function _completedJobOn(uint32 listingId, bool tracked) internal returns (bytes32 jobId) {
        jobId = _submit(_termsOn(listingId, ROOT, GPUS, HOURS, tracked));
        _start(jobId);
        _complete(jobId, HOURS_USED);
    }

    // EIP-712, computed off-chain style

    function _domainSeparator() internal view returns (bytes32) {
        return keccak256(
            abi.encode(
                DOMAIN_TYPEHASH,
                keccak256("Necto ComputeRouter"),
                keccak256("1"),
                block.chainid,
                address(router)
            )
        );
    }

    function _offChainDigest(Job.Terms memory t) internal view returns (bytes32) {
        bytes32 structHash = keccak256(
            abi.encode(
                ATTESTATION_TYPEHASH,
                t.root,
                t.logLength,
                t.listingId,
                t.gpus,
                t.hoursBooked,
                t.maxUnitPrice,
                t.client,
                t.tracked,
                t.team,
                t.expiry
            )
        );
        return keccak256(abi.encodePacked("\x19\x01", _domainSeparator(), structHash));
    }

    function _offChainDigest(Job.ExternalTerms memory t) internal view returns (bytes32) {
        bytes32 structHash = keccak256(
            abi.encode(
                EXTERNAL_ATTESTATION_TYPEHASH,
                t.root,
                t.logLength,
                t.providerId,
                t.offerHash,
                t.gpus,
                t.hoursBooked,
                t.usdPerGpuHour,
                t.client,
                t.tracked,
                t.team,
                t.expiry
            )
        );
        return keccak256(abi.encodePacked("\x19\x01", _domainSeparator(), structHash));
    }
}
